"""Security headers on every response, pages and APIs alike."""

from __future__ import annotations

from flask import Response, g, request

# No inline script or style anywhere: everything comes from our own origin (but an
# organisation's logo, from where it is kept: IMG_SRC gains that one https origin on its pages).
IMG_SRC = "img-src 'self' data:"
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        IMG_SRC,
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    policy = CONTENT_SECURITY_POLICY
    if logo_origin := g.get("logo_origin"):  # checked by PageOrganisation.logo_origin
        policy = policy.replace(IMG_SRC, f"{IMG_SRC} {logo_origin}")
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:  # only over TLS (ProxyFix reads X-Forwarded-Proto from the proxy)
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if response.mimetype == "text/html":
        headers.setdefault("Cache-Control", "no-store")
    return response
