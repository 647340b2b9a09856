from .registration import RegisterDoneView, RegisterView

__all__ = ["RegisterDoneView", "RegisterView"]
