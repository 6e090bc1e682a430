"""A synthetic, voice-like recording: what the simulator stores for a recorded call.

8 kHz, 16-bit mono WAV (telephone quality). "Syllables" — a few harmonics of a pitch that
glides, under a rise-and-fall envelope — separated by short and long pauses, so a player shows
speech-like bursts and the length is the call's. A handful of syllables is synthesised once and
then arranged, which keeps an hour of audio to a fraction of a second of Python.
"""

from __future__ import annotations

import io
import math
import random
import wave
from array import array
from functools import cache

RATE = 8000


@cache
def _syllables() -> tuple[bytes, ...]:
    rng = random.Random(7)  # noqa: S311 - sound, not secrets
    made = []
    for _ in range(12):
        length = int(RATE * rng.uniform(0.12, 0.32))
        pitch = rng.uniform(110, 230)
        glide = rng.uniform(-0.3, 0.3)
        samples = array("h")
        for i in range(length):
            t = i / RATE
            envelope = math.sin(math.pi * i / length) ** 1.5
            f0 = pitch * (1 + glide * i / length)
            value = sum(math.sin(2 * math.pi * f0 * k * t) / k for k in (1, 2, 3, 5))
            samples.append(int(9000 * envelope * value / 2))
        made.append(samples.tobytes())
    return tuple(made)


def voice_like_wav(seconds: float, *, seed: int = 0) -> bytes:
    """WAV bytes of ``seconds`` (at least 0.1) of speech-like sound."""
    total = max(int(RATE * max(seconds, 0.1)) * 2, 2)
    rng = random.Random(seed)  # noqa: S311 - sound, not secrets
    syllables = _syllables()
    out = bytearray()
    while len(out) < total:
        for _ in range(rng.randint(2, 6)):  # a word
            out += rng.choice(syllables)
            out += bytes(2 * int(RATE * rng.uniform(0.01, 0.05)))
        out += bytes(2 * int(RATE * rng.uniform(0.1, 0.6)))  # a pause between words
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(out[:total]))
    return buffer.getvalue()
