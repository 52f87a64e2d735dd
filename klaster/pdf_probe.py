"""Looking inside a PDF nobody vouches for (an anonymous visitor's upload), within limits that hold whatever it is.

A small file can make pypdf spend seconds of CPU or gigabytes of memory: a content stream that inflates to tens of
megabytes of drawing operators, thousands of pages, a broken deflate stream recovered byte by byte. `probe(data)`
therefore reads the PDF in a child process (`python -m klaster.pdf_probe`, which imports pypdf and nothing of the
portal), so that:

- the child caps its own CPU time and address space (resource limits) before it reads a byte, and the parent kills
  it when the wall-clock time runs out: no file costs more than `Limits.seconds`;
- pypdf runs with its own limits lowered (pypdf.Configuration): every decompressed stream, the declared stream
  lengths, the tokens parsed from a content stream, the page tree; no external decoder (jbig2dec) is ever run;
- the number of pages is checked (from the page tree's /Count, then as pypdf counts them) before any page is read.

It answers what was found (`Probe`: pages, the texts that may name a document identifier) or raises `Refused` with
the reason (`Refused.reason` is one of REASONS) and, for too many pages, how many there are.
"""

import json
import math
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

REASONS = ("broken", "encrypted", "empty", "pages", "stream", "time", "busy")
# Deflate recovery in pypdf goes byte by byte in Python: a few kilobytes of a broken stream are tried, no more.
RECOVERY_BYTES = 64 * 1024
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# At most this many files are looked into at once by one process (one per core of a small server); another waits for
# one of them, at most its own time limit, and is then refused as "busy".
CONCURRENT = 2
_RUNNING = threading.BoundedSemaphore(CONCURRENT)


@dataclass(frozen=True)
class Limits:
    pages: int = 500
    stream_bytes: int = 4 * 1024 * 1024  # one stream, decompressed
    tokens: int = 200_000  # operators and operands parsed from one content stream
    text_pages: int = 3  # pages whose text is read
    seconds: float = 2.0  # CPU time, and (with the interpreter's start) the wall-clock time
    memory_bytes: int = 768 * 1024 * 1024  # the child's address space


@dataclass(frozen=True)
class Probe:
    pages: int
    texts: tuple  # the metadata's keywords and subject, then the text of the first pages


class Refused(Exception):
    def __init__(self, reason, pages=None):
        super().__init__(reason)
        self.reason = reason
        self.pages = pages


def probe(data, limits=None):
    """What the PDF `data` (bytes) holds within `limits`; Refused when it cannot be read within them."""
    limits = limits or Limits()
    if not _RUNNING.acquire(timeout=limits.seconds):
        raise Refused("busy")
    try:
        return _probe(data, limits)
    finally:
        _RUNNING.release()


def _probe(data, limits):
    command = [sys.executable, "-s", "-m", "klaster.pdf_probe", json.dumps(asdict(limits))]
    try:
        completed = subprocess.run(  # noqa: S603 (our own module, the interpreter running us)
            command,
            input=data,
            capture_output=True,
            timeout=limits.seconds + 1.5,  # the interpreter and pypdf start in about 0.2 s
            cwd=PROJECT_ROOT,
            env=_child_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Refused("time") from None
    if completed.returncode != 0:
        # Killed at the CPU limit (SIGXCPU, SIGKILL), or out of memory: either way too much for one upload.
        raise Refused("time" if completed.returncode < 0 else "stream")
    answer = json.loads(completed.stdout)
    if "refused" in answer:
        raise Refused(answer["refused"], answer.get("pages"))
    return Probe(pages=answer["pages"], texts=tuple(answer["texts"]))


def _child_environment():
    """Nothing of the portal's environment (no secrets): the child finds pypdf in the interpreter's own packages and
    this module in the project's root, its working directory."""
    import os

    return {"LANG": "C.UTF-8", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


# --- the child -----------------------------------------------------------------------------------------------------


def _limit_self(limits):
    import resource

    seconds = max(1, math.ceil(limits.seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))


def _configuration(limits):
    size = limits.stream_bytes
    return {
        "maximum_declared_stream_length": size,
        "array_based_stream_maximum_output_length": size,
        "jbig2_maximum_output_length": size,
        "lzw_maximum_output_length": size,
        "run_length_maximum_output_length": size,
        "zlib_maximum_output_length": size,
        "zlib_maximum_recovery_input_length": RECOVERY_BYTES,
        "brotli_maximum_output_length": size,
        "image_maximum_buffer_size": size,
        "stream_decoding_work_maximum_length": 4 * size,
        "stream_parsing_work_maximum_count": limits.tokens,
        "xmp_maximum_input_length": size,
        "page_tree_maximum_entries": 2 * limits.pages + 10,
        "page_tree_maximum_page_entries": 2 * limits.pages + 10,
        "xform_maximum_invocations_per_extraction": 100,
        "outline_maximum_entries": 1_000,
        "jbig2dec_binary": None,
        "disable_legacy_handling": True,
    }


def _read(data, limits):
    import io

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    with apply_configuration(**_configuration(limits)):
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise Refused("encrypted")
            declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
            if isinstance(declared, int) and declared > limits.pages:
                raise Refused("pages", int(declared))
            pages = len(reader.pages)
            if pages > limits.pages:
                raise Refused("pages", pages)
            if pages == 0:
                raise Refused("empty")
            metadata = reader.metadata or {}
            texts = [str(metadata.get("/Keywords", "")), str(metadata.get("/Subject", ""))]
            for page in reader.pages[: limits.text_pages]:
                texts.append(page.extract_text() or "")
        except LimitReachedError:
            raise Refused("stream") from None
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
            raise Refused("broken") from None
    return {"pages": pages, "texts": texts}


def main():
    limits = Limits(**json.loads(sys.argv[1]))
    _limit_self(limits)
    data = sys.stdin.buffer.read()
    try:
        answer = _read(data, limits)
    except Refused as refused:
        answer = {"refused": refused.reason, "pages": refused.pages}
    except MemoryError:
        answer = {"refused": "stream", "pages": None}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
