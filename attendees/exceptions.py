class RegistrationError(Exception):
    """A registration that cannot go through; `field` names the form field the message belongs to."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
