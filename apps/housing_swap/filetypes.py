"""What an uploaded file really is, judged by its content (never its name or the type
the browser claims)."""

from PIL import Image, UnidentifiedImageError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def detect(upload) -> str | None:
    """The content type of a Django ``UploadedFile`` (PDF, JPEG or PNG), or ``None``.

    Images are also opened and verified with Pillow, so a file that merely starts with
    the right magic bytes is refused."""
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind in (JPEG, PNG):
        try:
            with Image.open(upload) as image:
                if image.format not in ("JPEG", "PNG"):
                    return None
                image.verify()
        # DecompressionBombError: a few bytes declaring a gigapixel image (issue 10: was a 500)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
            return None
        finally:
            upload.seek(0)
    elif kind == PDF:
        upload.seek(max(upload.size - 1024, 0))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            return None
    return kind


def download_name(document) -> str:
    """The name a document is saved under: its kind and number, never the uploaded name
    (which may hold a person's name or ID number)."""
    return f"{document.kind}-{document.pk}{EXTENSIONS.get(document.content_type, '')}"
