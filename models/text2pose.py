"""A transformer encoder-decoder that writes pose frames autoregressively (SignLLM's Text2Pose group).

Encoder: characters (+ a language marker per token in Prompt2LangGloss mode) -> memory.
Decoder: previous frames, each carrying the Prompt2Sign progress counter (frame index /
number of frames, the 151st number of a Prompt2Sign line), -> the next frame and its counter.
Generation ends at the length the counter implies (Progressive Transformers' counter decoding)
or at `max_frames`.

Modes (see models/generator.py for how groups are stored):
- MLSF: one `Text2Pose` per language, no language table (`n_languages=1`).
- Prompt2LangGloss (p2lg): one shared `Text2Pose`; `languages` (B,U) marks every token.

Sizes: `PRESETS["tiny"]` trains in about a minute on a laptop CPU; `PRESETS["base"]` is ~40M
parameters per group (SignLLM's "40M-Base": 2 encoder + 2 decoder layers).
"""

import math
from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from signbridge.models.posedata import POSE_FEATURES

from signbridge.knowledge.config import check_fields

PROGRESS_BANDS = 8  # Fourier bands of the progress features

PRESETS: dict[str, dict] = {
    "tiny": dict(d_model=64, n_heads=4, encoder_layers=2, decoder_layers=2, ff_dim=128, dropout=0.0, pose_dropout=0.5),
    # 2+2 layers as in SignLLM's Base; width chosen so one group has ~40M parameters
    "base": dict(d_model=832, n_heads=8, encoder_layers=2, decoder_layers=2, ff_dim=3328, dropout=0.1, pose_dropout=0.5),
}


@dataclass
class Text2PoseModelConfig:
    vocab_size: int = field(default=64, metadata={"help": "characters + specials (from CharVocab)"})
    n_languages: int = field(default=1, metadata={"help": "language-marker rows; 1 = no markers (MLSF)"})
    d_model: int = field(default=64, metadata={"help": "embedding / hidden width"})
    n_heads: int = field(default=4, metadata={"help": "attention heads"})
    encoder_layers: int = field(default=2, metadata={"help": "encoder layers"})
    decoder_layers: int = field(default=2, metadata={"help": "decoder layers"})
    ff_dim: int = field(default=128, metadata={"help": "feed-forward width (4 x d_model in SignLLM)"})
    dropout: float = field(default=0.0, metadata={"help": "dropout in attention and feed-forward"})
    pose_features: int = field(default=POSE_FEATURES, metadata={"help": "numbers per frame (50 points x 3)"})
    pose_dropout: float = field(default=0.0, metadata={"help": "share of fed-back frames whose pose is blanked in training (1 = the decoder sees only counters)"})
    max_frames: int = field(default=400, metadata={"help": "generation limit in frames"})
    stop_counter: float = field(default=0.9, metadata={"help": "once the counter passes this, length = frames / counter"})

    def __post_init__(self):
        check_fields(self, positive=("vocab_size", "n_languages", "d_model", "n_heads", "encoder_layers", "decoder_layers",
                                        "ff_dim", "pose_features", "max_frames"),
                     fractions=("dropout", "pose_dropout", "stop_counter"))

    @classmethod
    def from_preset(cls, preset: str, **kwargs) -> "Text2PoseModelConfig":
        if preset not in PRESETS:
            from signbridge.knowledge.errors import InputError

            raise InputError(f"unknown preset '{preset}': choose one of {', '.join(PRESETS)}")
        return cls(**{**PRESETS[preset], **kwargs})

    def to_json(self) -> dict:
        return asdict(self)


def sinusoid(length: int, dim: int, device=None) -> torch.Tensor:
    """Fixed sinusoidal positions (length, dim): frame sequences may exceed any training length."""
    position = torch.arange(length, device=device, dtype=torch.float32)[:, None]
    scale = torch.exp(torch.arange(0, dim, 2, device=device, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table = torch.zeros(length, dim, device=device)
    table[:, 0::2] = torch.sin(position * scale)
    table[:, 1::2] = torch.cos(position * scale)[:, : dim // 2]
    return table


def progress_features(progress: torch.Tensor, bands: int = 8) -> torch.Tensor:
    """Fourier features of a progress value in [0, 1]: (...,) -> (..., 2 * bands)."""
    angles = progress[..., None] * (math.pi * torch.arange(1, bands + 1, device=progress.device, dtype=torch.float32))
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=-1)


def token_progress(tokens: torch.Tensor) -> torch.Tensor:
    """(B, U) ids [BOS, c_1..c_n, EOS, pad...] -> (B, U) progress: c_k at (k - 0.5) / n, BOS 0, EOS 1."""
    n = (tokens.ne(0).sum(1, keepdim=True) - 2).clamp_min(1).float()  # (B, 1) characters
    index = torch.arange(tokens.shape[1], device=tokens.device, dtype=torch.float32)[None]  # (1, U)
    return ((index - 0.5) / n).clamp(0.0, 1.0) * tokens.ne(0)


class Text2Pose(nn.Module):
    """Encoder-decoder with a progress channel on both sides.

    The decoder's input counter (how far through the sign it is) and each character's relative
    position in the text go through the same Fourier features, so cross-attention can align
    "frame at 40 % of the word" with "character at 40 % of the word" from the first steps on
    (the counter is what Prompt2Sign stores as the 151st number of every frame).
    """

    def __init__(self, config: Text2PoseModelConfig):
        super().__init__()
        self.config = c = config
        self.char_embedding = nn.Embedding(c.vocab_size, c.d_model, padding_idx=0)
        # Prompt2LangGloss: a `<lang char>` token = char embedding + language embedding
        self.language_embedding = nn.Embedding(c.n_languages, c.d_model) if c.n_languages > 1 else None
        # frame (+ counter) -> d_model; the counter is the last input feature
        self.frame_in = nn.Linear(c.pose_features + 1, c.d_model)
        self.text_progress = nn.Linear(2 * PROGRESS_BANDS, c.d_model)
        self.frame_progress = nn.Linear(2 * PROGRESS_BANDS, c.d_model)

        def encoder_layer():
            return nn.TransformerEncoderLayer(c.d_model, c.n_heads, c.ff_dim, c.dropout, batch_first=True, norm_first=True)

        def decoder_layer():
            return nn.TransformerDecoderLayer(c.d_model, c.n_heads, c.ff_dim, c.dropout, batch_first=True, norm_first=True)

        self.encoder = nn.TransformerEncoder(encoder_layer(), c.encoder_layers, norm=nn.LayerNorm(c.d_model),
                                             enable_nested_tensor=False)
        self.decoder = nn.TransformerDecoder(decoder_layer(), c.decoder_layers, norm=nn.LayerNorm(c.d_model))
        self.pose_out = nn.Linear(c.d_model, c.pose_features)
        self.counter_out = nn.Linear(c.d_model, 1)

    def encode(self, tokens: torch.Tensor, languages: torch.Tensor | None = None) -> torch.Tensor:
        # tokens, languages: (B, U) -> memory (B, U, d)
        c = self.config
        x = self.char_embedding(tokens) * math.sqrt(c.d_model)
        if self.language_embedding is not None and languages is not None:
            x = x + self.language_embedding(languages)
        x = x + sinusoid(tokens.shape[1], c.d_model, tokens.device)
        x = x + self.text_progress(progress_features(token_progress(tokens), PROGRESS_BANDS))
        return self.encoder(x, src_key_padding_mask=tokens.eq(0))  # (B, U, d)

    def decode(self, memory: torch.Tensor, tokens: torch.Tensor, frames_in: torch.Tensor,
               frame_padding: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        # memory (B, U, d); frames_in (B, W, F+1) = previous frames with their counters
        # -> poses (B, W, F), counters (B, W)
        W = frames_in.shape[1]
        p = self.config.pose_dropout
        if p >= 1.0:  # pose feedback off: frames are predicted from text + counter alone
            frames_in = torch.cat([torch.zeros_like(frames_in[..., :-1]), frames_in[..., -1:]], dim=-1)
        elif p > 0 and self.training:  # inverted dropout of whole fed-back frames (counter kept)
            keep = torch.rand(frames_in.shape[:2], device=frames_in.device).ge(p).float()[..., None] / (1 - p)
            frames_in = torch.cat([frames_in[..., :-1] * keep, frames_in[..., -1:]], dim=-1)
        y = self.frame_in(frames_in) + sinusoid(W, self.config.d_model, frames_in.device)
        y = y + self.frame_progress(progress_features(frames_in[..., -1], PROGRESS_BANDS))  # input counter
        causal = torch.ones(W, W, dtype=torch.bool, device=frames_in.device).triu(1)  # True = may not attend
        h = self.decoder(
            y, memory, tgt_mask=causal, tgt_key_padding_mask=frame_padding,
            memory_key_padding_mask=tokens.eq(0), tgt_is_causal=True,
        )
        return self.pose_out(h), self.counter_out(h).squeeze(-1)

    def forward(self, tokens, languages, frames_in, frame_padding=None):
        """Teacher-forced pass: predicts frame w+1 (and its counter) from frames 0..w."""
        return self.decode(self.encode(tokens, languages), tokens, frames_in, frame_padding)

    @torch.no_grad()
    def generate(self, tokens: torch.Tensor, languages: torch.Tensor | None = None,
                 max_frames: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Autoregressive decoding for a batch -> poses (B, W, F) and lengths (B,).

        Each step feeds back the predicted frame and counter. The counter of frame n is n/T, so
        once it passes `stop_counter` the length is estimated as T = n / counter and decoding of
        that sequence ends at frame T (more robust than waiting for the counter to hit 1 exactly).
        """
        c = self.config
        max_frames = max_frames or c.max_frames
        B = tokens.shape[0]
        device = tokens.device
        memory = self.encode(tokens, languages)
        frames = torch.zeros(B, 1, c.pose_features + 1, device=device)  # start frame: zeros, counter 0
        lengths = torch.full((B,), max_frames, dtype=torch.long, device=device)
        estimate = torch.zeros(B, dtype=torch.long, device=device)  # 0 = length not known yet
        done = torch.zeros(B, dtype=torch.bool, device=device)
        for step in range(max_frames):
            poses, counters = self.decode(memory, tokens, frames)
            counter = counters[:, -1].clamp(0.0, 1.0)  # (B,)
            frames = torch.cat([frames, torch.cat([poses[:, -1], counter[:, None]], dim=-1)[:, None]], dim=1)
            n = step + 1  # frames generated so far
            newly = (counter >= c.stop_counter) & (estimate == 0)
            if bool(newly.any()):
                estimate[newly] = torch.ceil(n / counter[newly]).long().clamp(n, max_frames)
            finished = (estimate > 0) & (estimate <= n) & ~done
            lengths[finished] = n
            done |= finished
            if bool(done.all()):
                break
        return frames[:, 1:, :-1], lengths


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)

