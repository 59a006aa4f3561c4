"""A small valid WAV file (8 kHz, 8-bit mono silence), served as recording media."""

from __future__ import annotations

import io
import wave

SAMPLE_RATE = 8000
MAX_SECONDS = 5


def silent_wav(seconds: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(b"\x80" * SAMPLE_RATE * max(0, min(seconds, MAX_SECONDS)))
    return buffer.getvalue()
