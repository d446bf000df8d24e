"""Re-encoding uploaded pictures, so that nothing but the pixels leaves the uploader's hands.

A phone's photo carries its GPS position, the camera's make and serial, editing software
and free text (EXIF, XMP, PNG text chunks). None of that is for other members, so an
upload is never stored as sent: it is decoded, turned the right way up (EXIF orientation
is the one piece of metadata display needs, so it is applied to the pixels), converted
to sRGB when it carries a colour profile (browsers assume sRGB for untagged pictures),
and written afresh from its pixels alone.

Decoding is where a hostile file does harm — a 69-byte PNG can claim 30000×30000
pixels and ask for gigabytes — so the size in the header is checked against the caller's
limit before a single pixel is decoded, and Pillow's own guard
(`DecompressionBombWarning`/`Error`) is a refusal too, never a server error.
"""

from __future__ import annotations

import io
import uuid
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from rapport.core.errors import ValidationFailed

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 88, "method": 4},
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRefused(ValidationFailed):
    code = "image.invalid"


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    extension: str
    width: int
    height: int


def _too_large(max_side: int) -> ImageRefused:
    return ImageRefused(
        f"The picture is too large: at most {max_side}×{max_side} pixels, please.",
        code="image.too_large",
    )


def _unreadable() -> ImageRefused:
    return ImageRefused(
        "That file is not a picture we can read; use JPEG, PNG or WebP.",
        code="image.unreadable",
    )


def _decode(source: IO[bytes], *, max_side: int, formats: Collection[str]) -> Image.Image:
    """Open and decode, refusing bombs and oversized headers before decoding."""
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; both are bombs.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(source)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(max_side) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _unreadable() from exc
        if image.format not in formats:
            raise ImageRefused(f"Use a {', '.join(sorted(formats))} picture.", code="image.type")
        # The header's claim, checked before any pixel is decoded.
        width, height = image.size
        if width > max_side or height > max_side or width < 1 or height < 1:
            raise _too_large(max_side)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(max_side) from exc
        except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt
            raise _unreadable() from exc
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # A broken profile: show the pixels as they are rather than refuse.
    return converted or image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


_METADATA_KEYS = ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop")


def image_metadata(source: IO[bytes]) -> set[str]:
    """The kinds of metadata a stored picture still carries (empty once cleaned).

    Reads the header only, for `photos-reencode` to find pictures stored before uploads
    were cleaned without re-encoding (and losing quality in) the ones already clean.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(source)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return {"oversized"}
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return {"unreadable"}
    found = {key for key in _METADATA_KEYS if image.info.get(key)}
    if image.getexif():
        found.add("exif")
    if getattr(image, "text", None):  # PNG tEXt/iTXt/zTXt chunks
        found.add("text")
    return found


def image_clean(source: IO[bytes], *, max_side: int, formats: Collection[str]) -> CleanImage:
    """The picture in `source`, re-encoded from its pixels in its own format.

    Promises: the result holds no EXIF, XMP, ICC or text metadata; EXIF orientation has
    been applied; only the first frame of an animation is kept; a file that is not a
    readable picture in `formats`, or whose sides exceed `max_side`, raises
    `ImageRefused` (codes `image.unreadable`, `image.type`, `image.too_large`).
    """
    image = _decode(source, max_side=max_side, formats=formats)
    fmt = str(image.format)
    try:
        upright = ImageOps.exif_transpose(image) or image
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        upright = image  # Unparseable EXIF: nothing of it survives below anyway.
    upright = _to_srgb(upright)
    alpha = _has_alpha(upright) and fmt != "JPEG"
    grey = upright.mode in {"L", "LA", "I", "I;16", "1"} and not alpha
    mode = "RGBA" if alpha else ("L" if grey else "RGB")
    pixels = upright.convert(mode)
    # A new image from the pixels alone: no `info`, so no metadata can be carried over.
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    fresh.save(out, format=fmt, **_SAVE_OPTIONS[fmt])
    return CleanImage(
        content=out.getvalue(),
        format=fmt,
        extension=EXTENSIONS[fmt],
        width=fresh.width,
        height=fresh.height,
    )


def image_store(
    file: FieldFile,
    upload: IO[bytes],
    *,
    max_bytes: int,
    max_side: int,
    formats: Collection[str],
    what: str,
    field: str,
) -> None:
    """Check, clean (`image_clean`) and store an upload in `file` under a random name (an
    address must not be guessable), the model not yet saved; the picture it replaces is
    deleted once the transaction commits. `what` names it in messages ("The logo")."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationFailed(
            f"{what} is {size / 1_048_576:.1f} MB; at most {max_bytes / 1_048_576:.0f} MB, please.",
            code="image.too_big",
            field=field,
        )
    clean = image_clean(upload, max_side=max_side, formats=formats)
    old = file.name or None
    file.save(f"{uuid.uuid4().hex}.{clean.extension}", ContentFile(clean.content), save=False)
    if old:
        storage = file.storage
        transaction.on_commit(lambda: storage.delete(old))


def image_discard(instance: Model, field: str) -> None:
    """Empty `instance.<field>` (the model not yet saved); its file is deleted once the
    transaction commits, so a rolled-back change still has its picture."""
    file = getattr(instance, field)
    if file:
        storage, name = file.storage, file.name
        setattr(instance, field, None)
        transaction.on_commit(lambda: storage.delete(name))
