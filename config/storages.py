"""Where files live: a local folder by default, S3-compatible object storage when configured.

``OURVOICE_S3_BUCKET`` switches the default storage (attachments, generated files) to
django-storages' S3 backend; the other ``OURVOICE_S3_*`` variables say where and how to reach it
(see .env.example). Files are encrypted before they reach any backend (ourvoice/core/crypto.py),
so the bucket only ever holds ciphertext.
"""

from typing import Any

from config.env import env_str


def default_storage_from_env() -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry the environment asks for."""
    bucket = env_str("OURVOICE_S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Empty: AWS itself; otherwise MinIO, Ceph, Garage, a cloud's S3-compatible service...
        "endpoint_url": env_str("OURVOICE_S3_ENDPOINT_URL") or None,
        "region_name": env_str("OURVOICE_S3_REGION") or None,
        # Empty keys: boto3's own chain (instance role, AWS_* variables, ~/.aws).
        "access_key": env_str("OURVOICE_S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("OURVOICE_S3_SECRET_ACCESS_KEY") or None,
        # A folder inside the bucket, so one bucket can serve several installations.
        "location": env_str("OURVOICE_S3_PREFIX"),
        "addressing_style": env_str("OURVOICE_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        # Objects are private; nothing is ever served from the bucket directly (SECURITY.md D4).
        "default_acl": "private",
        "querystring_auth": True,
        # Names are random: never check for an existing object before writing.
        "file_overwrite": True,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
