"""Static word embeddings for ``argmap suggest``, read from an installed wheel, offline.

The optional extra ``argmap[embeddings]`` installs ``wordllama``, whose wheel
carries a 32,000-token x 256-dimension embedding table (``weights/*.safetensors``)
and its tokenizer (``tokenizers/*.json``). argmap reads those two files from the
installed package folder and nothing else: wordllama's own module is never
imported (its loader may download files, and it configures logging on import).
The table is read with numpy (a safetensors file is an 8-byte header length, a
JSON header and the raw array) and the text is split by the ``tokenizers``
library. Nothing is ever downloaded.

A claim's vector is the IDF-weighted mean of its tokens' vectors (IDF over the
claims being compared), centred on the mean claim (in maps of 50 claims or more)
and normalised, so that words every claim uses weigh little. Reading the
tokenizer takes about half a second, so the vectors of a set of claims are kept
in argmap's cache folder (see :mod:`argmap.cache`) as a ``.npy`` file keyed by
the SHA-256 of the texts, of argmap's version and of the installed table's size
and date; a file that does not load as an array of the right shape is ignored
and rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    import numpy as np

WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
#: Claim vectors are centred on their mean only among this many claims or more: the
#: mean of a handful is no estimate of what all claims share (two centred vectors are
#: always opposite).
CENTRE_MIN = 50
#: Changes whenever the way vectors are computed changes, so cached ones are not reused.
VECTORS_FORMAT = 2


def package_folder() -> Path | None:
    """The installed ``wordllama`` package folder holding both files, or ``None``."""
    try:
        spec = importlib.util.find_spec("wordllama")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location)
        if (folder / WEIGHTS).is_file() and (folder / TOKENIZER).is_file():
            return folder
    return None


def available() -> bool:
    """Whether the embeddings can be used: the files are installed, and the tokenizer library."""
    if package_folder() is None:
        return False
    try:
        return importlib.util.find_spec("tokenizers") is not None
    except (ImportError, ValueError):
        return False


def read_table(path: Path) -> np.ndarray:
    """The embedding table of a safetensors file, as float32 (rows: token ids)."""
    import numpy as np

    dtypes = {"F16": np.float16, "F32": np.float32}
    with path.open("rb") as fh:
        (size,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(size))
        info = header[TENSOR]
        start, end = info["data_offsets"]
        fh.seek(8 + size + start)
        raw = fh.read(end - start)
    table = np.frombuffer(raw, dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return table.astype(np.float32)


class Embedder:
    """Claim vectors from the installed static embeddings."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.table = read_table(folder / WEIGHTS)
        self.tokenizer: Any = Tokenizer.from_file(str(folder / TOKENIZER))

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text: IDF-weighted mean of its tokens, centred."""
        import numpy as np

        encoded = [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]
        rows = len(self.table)
        df = np.zeros(rows, dtype=np.float64)
        for ids in encoded:
            df[np.unique(np.asarray(ids, dtype=np.int64) % rows)] += 1
        idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for i, ids in enumerate(encoded):
            if ids:
                tokens = np.asarray(ids, dtype=np.int64) % rows
                weights = idf[tokens]
                out[i] = weights @ self.table[tokens] / weights.sum()
        if len(texts) >= CENTRE_MIN:
            out -= out.mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)


def load() -> Embedder | None:
    """The embedder, or ``None`` when the optional extra is not installed."""
    folder = package_folder()
    if folder is None or not available():
        return None
    return Embedder(folder)


def claim_vectors(texts: Sequence[str], embedder: Embedder | None = None) -> np.ndarray | None:
    """The texts' vectors, from the cache or computed (``None`` without the extra)."""
    import numpy as np

    from .cache import cache_dir

    folder = package_folder()
    if folder is None or not available():
        return None
    info = (folder / WEIGHTS).stat()
    digest = hashlib.sha256(f"argmap {__version__} vectors {VECTORS_FORMAT} {info.st_size} "
                            f"{info.st_mtime_ns}".encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    path = cache_dir() / f"vectors-{digest.hexdigest()}.npy"
    try:
        cached = np.load(path, allow_pickle=False)
        if cached.shape[0] == len(texts) and cached.dtype == np.float32:
            return cached  # type: ignore[no-any-return]
    except (OSError, ValueError, EOFError):
        pass
    vectors = (embedder or Embedder(folder)).vectors(texts)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npy")
        with os.fdopen(fd, "wb") as fh:
            np.save(fh, vectors, allow_pickle=False)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # the cache is an optimisation
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return vectors
