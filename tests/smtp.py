"""A real SMTP server (aiosmtpd) on a free localhost port, which can hold a message before answering it.

Holding the first DATA is how the recovery tests catch a sender mid-send: the client has sent
the whole message and waits for the server's answer, as long as EMAIL_TIMEOUT allows.
"""
import asyncio
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps each message it accepted (answered 250).

    With `hold_first`, the first message waits for `release()` before it is answered with
    `held_answer` (accepted, or e.g. "451 ..." for a message whose sender was killed meanwhile).
    """

    def __init__(self, *, hold_first=False, held_answer="250 Message accepted"):
        self.messages = []
        self.holding = threading.Event()  # set while the first message waits for its answer
        self._release = threading.Event()
        self._hold = hold_first
        self._held_answer = held_answer

    def release(self):
        self._release.set()

    async def handle_DATA(self, server, session, envelope):
        answer = "250 Message accepted"
        if self._hold:
            self._hold = False
            self.holding.set()
            while not self._release.is_set():
                await asyncio.sleep(0.02)
            answer = self._held_answer
        if answer.startswith("250"):
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return answer


class SmtpServer:
    """Context manager: `with SmtpServer(Inbox()) as server:` listens on `server.port` until the block ends."""

    def __init__(self, inbox, port=None):
        self.inbox = inbox
        self.port = port or free_port()
        self._controller = Controller(inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc_info):
        self.inbox.release()  # a held message must not keep the server's loop from stopping
        self._controller.stop()
