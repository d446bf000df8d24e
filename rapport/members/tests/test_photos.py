"""Uploaded photos are re-encoded before anyone sees them: no location, camera or colour
profile survives, the picture stands the right way up, and a decompression bomb is a
clear refusal rather than a server error."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms

from rapport.core import images
from rapport.members.models import Profile

pytestmark = pytest.mark.django_db

GPS = 0x8825
ORIENTATION = 0x0112


def _jpeg_with_gps(size=(60, 30), orientation=1) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera make and model, an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    exif[ORIENTATION] = orientation
    exif[GPS] = {
        1: "N",
        2: (51.0, 30.0, 26.0),
        3: "W",
        4: (0.0, 7.0, 39.0),
    }
    image = Image.new("RGB", size, "#c04020")
    # The left half is a different colour, so the orientation is visible in the pixels.
    image.paste("#2040c0", (0, 0, size[0] // 2, size[1]))
    buf = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(buf, format="JPEG", exif=exif, icc_profile=srgb, quality=95)
    return buf.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def _rgb(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    pixel = image.getpixel(xy)
    assert isinstance(pixel, tuple)
    return pixel


def _upload(client, content: bytes, name: str = "me.jpg"):
    return client.post(reverse("members:photo"), {"photo": SimpleUploadedFile(name, content)})


def _served(client, handle: str) -> bytes:
    response = client.get(reverse("members:avatar", args=[handle]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_test_jpeg_really_carries_gps_and_camera_data():
    original = Image.open(io.BytesIO(_jpeg_with_gps()))
    assert original.getexif().get_ifd(GPS)[2] == (51.0, 30.0, 26.0)
    assert original.getexif()[0x0110] == "Phone 15 Pro"
    assert original.info.get("icc_profile")


def test_served_photo_has_no_exif_gps_camera_or_icc(client, ada, ben, media_root):
    client.force_login(ada)
    response = _upload(client, _jpeg_with_gps())
    assert response.status_code == 302
    client.force_login(ben)
    served = _served(client, "ada")
    image = Image.open(io.BytesIO(served))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"Exif" not in served and b"PhoneMaker" not in served and b"Phone 15 Pro" not in served
    # What is stored is what is served: the original bytes are nowhere on disk.
    stored = Profile.objects.get(member=ada).photo.read()
    assert stored == served


def test_exif_orientation_is_applied_before_it_is_stripped(client, ada, media_root):
    client.force_login(ada)
    # Orientation 6: the camera held sideways; viewers rotate 90° clockwise to show it.
    _upload(client, _jpeg_with_gps(size=(60, 30), orientation=6))
    image = Image.open(io.BytesIO(_served(client, "ada"))).convert("RGB")
    assert image.size == (30, 60)
    # The blue left half of the sensor ends up on top once turned the right way.
    top, bottom = _rgb(image, (15, 5)), _rgb(image, (15, 55))
    assert top[2] > 150 > top[0]
    assert bottom[0] > 150 > bottom[2]


def test_png_keeps_its_transparency_and_loses_its_text_chunks(client, ada, media_root):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at 12 Secret Street")
    image = Image.new("RGBA", (20, 20), (10, 20, 30, 0))
    buf = io.BytesIO()
    image.save(buf, format="PNG", pnginfo=info)
    client.force_login(ada)
    _upload(client, buf.getvalue(), "me.png")
    served = _served(client, "ada")
    assert b"Secret Street" not in served
    reopened = Image.open(io.BytesIO(served))
    assert reopened.mode == "RGBA" and _rgb(reopened, (0, 0))[3] == 0


def test_a_tiny_png_claiming_30000_square_is_a_clear_400(client, ada, media_root):
    bomb = _png_claiming(30000, 30000)
    assert len(bomb) < 100
    client.force_login(ada)
    response = _upload(client, bomb, "bomb.png")
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Profile.objects.get(member=ada).photo


def test_pillow_refusing_a_bomb_is_a_refusal_not_a_crash(monkeypatch):
    # Even above our own limit, Pillow's guard (the warning and the error) is a clear refusal.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    for side in (11, 20):  # a warning at 121 pixels, an error above 200
        with pytest.raises(images.ImageRefused) as exc:
            images.image_clean(
                io.BytesIO(_png_claiming(side, side)), max_side=4096, formats={"PNG"}
            )
        assert exc.value.code == "image.too_large"


def test_an_image_above_our_own_pixel_limit_is_refused_before_decoding(client, ada, settings):
    settings.RAPPORT = {**settings.RAPPORT, "PHOTO_MAX_PIXELS": 50}
    client.force_login(ada)
    response = _upload(client, _png_claiming(51, 10), "wide.png")
    assert response.status_code == 400
    assert "50×50" in response.content.decode()


def test_a_truncated_picture_is_a_clear_400(client, ada, media_root):
    client.force_login(ada)
    response = _upload(client, _jpeg_with_gps()[:200])
    assert response.status_code == 400
    assert not Profile.objects.get(member=ada).photo


def test_photos_stored_before_cleaning_are_reencoded_by_the_command(
    client, ada, ben, media_root, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    profile = Profile.objects.get(member=ada)
    profile.photo.save("ada.jpg", ContentFile(_jpeg_with_gps()), save=True)
    client.force_login(ben)
    assert b"Phone 15 Pro" in _served(client, "ada")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("photos-reencode", stdout=out)
    assert "re-encoded 1 photos" in out.getvalue()
    served = _served(client, "ada")
    assert b"Phone 15 Pro" not in served and not Image.open(io.BytesIO(served)).getexif()
    # Run again: the clean photo is left as it is.
    call_command("photos-reencode", stdout=(again := io.StringIO()))
    assert "re-encoded 0 photos" in again.getvalue()
    assert _served(client, "ada") == served
