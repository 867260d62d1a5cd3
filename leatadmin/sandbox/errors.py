"""Leat's error answers, as the sandbox sends them."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: int | None = None, errors: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.errors = errors

    def body(self) -> dict:
        body: dict = {"message": self.message}
        if self.code is not None:
            body["code"] = self.code
            body["status_code"] = self.status
        if self.errors:
            body["errors"] = self.errors
        return body


def invalid(errors: dict[str, str]) -> ApiError:
    return ApiError(400, "Invalid input.", 1003, {field: [msg] for field, msg in errors.items()})


def contact_not_found() -> ApiError:
    return ApiError(400, "Contact not found.", 55031)


def shop_not_found() -> ApiError:
    return ApiError(400, "Shop not found.", 1008)


def not_found() -> ApiError:
    return ApiError(404, "Not found.")
