"""A FAKE OpenAI-compatible HTTP server for tests: no model behind it, only the answers a test scripts.

It speaks just enough of the OpenAI wire protocol for the real clients (langchain-openai, httpx, urllib)
to talk to it, on 127.0.0.1 in a daemon thread (`ThreadingHTTPServer`, port 0, so concurrent requests work):

    POST /v1/chat/completions  -> chat(body)        (404 when no `chat` is given)
    POST /v1/embeddings        -> embeddings(body)  (404 when no `embeddings` is given)
    GET  /v1/models            -> {"object": "list", "data": [{"id": m, "object": "model"} for m in models]}
    anything else              -> 404 {"error": {...}}

`chat` and `embeddings` are callables the test supplies: they get the parsed JSON request body and return
either a response dict (sent with HTTP 200) or a `(status, dict)` pair, e.g. `(500, {"error": {...}})` to
make the client retry; a `(status, str)` pair sends the string as the body (a server answering non-JSON). A callable that raises is answered with HTTP 500 and the exception text.

Every POST is recorded, in arrival order, as `(path, body)` in `.requests` (bodies only: `.bodies`).

    with FakeOpenAI(chat=lambda body: chat_completion("hi", model=body["model"])) as server:
        client_settings = settings.with_(llm_base_url=server.base_url)   # http://127.0.0.1:PORT/v1
        ...
    path, body = server.requests[0]
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = dict | tuple[int, dict] | tuple[int, str]
Handler = Callable[[dict], Reply]


def chat_completion(content: str | None = None, *, model: str = "fake-model", message: dict | None = None,
                    finish_reason: str = "stop", id: str = "chatcmpl-fake") -> dict:  # noqa: A002
    """A chat-completions response in the OpenAI format: one choice holding `message` (default: the
    assistant's `content`)."""
    message = message if message is not None else {"role": "assistant", "content": content}
    return {"id": id, "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


class FakeOpenAI:
    """FAKE OpenAI-compatible server (see the module docstring). Use as a context manager, or start()/stop()."""

    def __init__(self, chat: Handler | None = None, embeddings: Handler | None = None,
                 models: list[str] | tuple[str, ...] | None = None):
        self.chat = chat
        self.embeddings = embeddings
        self.models = list(models) if models is not None else ["fake-model"]
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def bodies(self) -> list[dict]:
        """The recorded request bodies, without their paths."""
        return [body for _, body in self.requests]

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _route(self, path: str) -> Handler | None:
        return {"/v1/chat/completions": self.chat, "/v1/embeddings": self.embeddings}.get(path)

    def _handler_class(self):
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, payload: dict | str) -> None:
                # a str is sent as is (a broken server's non-JSON body)
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _not_found(self) -> None:
                self._send(404, {"error": {"message": f"fake server: no route for {self.command} {self.path}",
                                           "type": "not_found"}})

            def do_GET(self):  # noqa: N802
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]})
                else:
                    self._not_found()

            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError as error:
                    self._send(400, {"error": {"message": f"fake server: invalid JSON ({error})"}})
                    return
                with fake._lock:
                    fake.requests.append((self.path, body))
                handler = fake._route(self.path)
                if handler is None:
                    self._not_found()
                    return
                try:
                    reply = handler(body)
                except Exception as error:  # a broken script answers 500 instead of dropping the connection
                    self._send(500, {"error": {"message": f"fake server: {type(error).__name__}: {error}"}})
                    return
                status, payload = reply if isinstance(reply, tuple) else (200, reply)
                self._send(status, payload)

        return _Handler
