from .confirm import ConfirmRegistrationView
from .links import LostLinkView, lost_link_sent
from .registration import RegisterDoneView, RegisterView

__all__ = ["ConfirmRegistrationView", "LostLinkView", "RegisterDoneView", "RegisterView", "lost_link_sent"]
