"""The one door to Leat: one `requests.Session` with an `HTTPAdapter` (one
connection pool, retries: see `retrying`), a timeout on every call, and every
failure turned into a `LeatError`.

The API key lives only in the session's headers; it is never logged and
never part of an error message.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import msgspec
import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError, ReadTimeoutError

from . import errors
from .attributes import ContactAttributes
from .bookings import Bookings
from .collectable_rewards import CollectableRewards
from .contacts import Contacts
from .error_mapping import error_from_response
from .giftcards import GiftcardPrograms, Giftcards, GiftcardTransactions
from .identifiers import ContactIdentifiers
from .loyalty import CreditReceptions, LoyaltyPrograms
from .observe import LeatCall, Observer
from .prepaid import PrepaidTransactions
from .retrying import READ_METHODS, Attempts, call_deadline, leat_retry
from .rewards import RewardReceptions, Rewards
from .shops import Shops
from .subscriptions import ContactSubscriptions, SubscriptionTypes
from .transactions import LoyaltyTransactions
from .visits import Visits
from .vouchers import Promotions, Vouchers
from .webhooks import WebhookSubscriptions

logger = logging.getLogger("leatadmin.leat")

API_PREFIX = "/api/v3/oauth/clients/"
#: A gateway's "no answer from upstream": the write may have reached Leat.
ANSWER_LOST_STATUSES = frozenset({502, 504})


def _lost(error: errors.LeatError, lost: bool) -> errors.LeatError:
    return error.answer_lost() if lost else error


@functools.cache
def _reader(shape: Any) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(shape)


class LeatClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.2,
        pool_size: int = 16,
        deadline: float | None = None,
        observer: Observer | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        #: Told about every call (observe.py): the app's metrics, traces and logs' context.
        self.observer = observer
        # One attempt's timeout, and the budget of a whole call, retries included.
        self.timeout = timeout if deadline is None else min(timeout, deadline)
        self.deadline = deadline
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": "leatadmin/1.0",
            }
        )
        adapter = HTTPAdapter(
            max_retries=leat_retry(retries=retries, backoff=backoff),
            pool_connections=pool_size,
            pool_maxsize=pool_size,
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # The client is shared by every staff member: a cookie Leat set would
        # travel with everyone's calls. None is kept.
        self.session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        # No ~/.netrc: an entry for Leat's host would replace the Bearer key.
        # The environment's proxies and CA bundle (HTTPS_PROXY, NO_PROXY,
        # REQUESTS_CA_BUNDLE) still apply, read once, here.
        self.session.trust_env = False
        self.session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        self.session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True

        self.contacts = Contacts(self)
        self.attributes = ContactAttributes(self)
        self.visits = Visits(self)
        self.bookings = Bookings(self)
        self.shops = Shops(self)
        self.transactions = LoyaltyTransactions(self)
        self.loyalty_program = LoyaltyPrograms(self)
        self.credit_receptions = CreditReceptions(self)
        self.rewards = Rewards(self)
        self.reward_receptions = RewardReceptions(self)
        self.identifiers = ContactIdentifiers(self)
        self.subscription_types = SubscriptionTypes(self)
        self.subscriptions = ContactSubscriptions(self)
        self.prepaid = PrepaidTransactions(self)
        self.webhooks = WebhookSubscriptions(self)
        self.vouchers = Vouchers(self)
        self.promotions = Promotions(self)
        self.giftcards = Giftcards(self)
        self.giftcard_programs = GiftcardPrograms(self)
        self.giftcard_transactions = GiftcardTransactions(self)
        self.collectable_rewards = CollectableRewards(self)

    def __repr__(self) -> str:  # never show the key
        return f"LeatClient({self.base_url!r})"

    def url(self, path: str) -> str:
        return f"{self.base_url}{API_PREFIX}{path.lstrip('/')}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        shape: Any = Any,
    ) -> Any:
        """Send one request and return the decoded JSON body of a 2xx answer.

        `shape` (a TypedDict, see `models.Listed`) reads only the members it
        names: the rest of the JSON is skipped, never built (a page of full
        contacts is 1.7 MB, of which the directory's backfill needs 3 %).
        An answer that is JSON but not of that shape is a `BadResponse`."""
        method = method.upper()
        url = self.url(path)
        params = {k: v for k, v in (params or {}).items() if v is not None}
        started = time.monotonic()
        write = method not in READ_METHODS
        attempts = Attempts()
        try:
            with call_deadline(None if self.deadline is None else started + self.deadline, self.timeout, attempts):
                # A redirect is not followed: Leat's API does not redirect, and a
                # write goes to one address, once (it comes back as a BadResponse).
                response = self.session.request(method, url, params=params or None, json=json, timeout=self.timeout, allow_redirects=False)
        except requests.ConnectTimeout:
            self._log(method, path, "connect timeout", started, attempts)
            raise errors.Timeout() from None  # never reached Leat
        except requests.Timeout:
            self._log(method, path, "timeout", started, attempts)
            raise _lost(errors.Timeout(), write) from None
        except requests.exceptions.RetryError:
            self._log(method, path, "retries exhausted", started, attempts)
            raise errors.ServerError() from None
        except requests.ConnectionError as exc:
            reason = getattr(exc.args[0] if exc.args else None, "reason", None)
            # requests reports a read timeout that used up its retries as a
            # ConnectionError wrapping urllib3's MaxRetryError; unwrap it.
            if isinstance(reason, ReadTimeoutError):
                self._log(method, path, "timeout", started, attempts)
                raise _lost(errors.Timeout(), write) from None
            self._log(method, path, "connection failed", started, attempts)
            # Refused or unresolvable: the request never left. Anything else
            # (dropped mid-answer) may have reached Leat.
            never_sent = isinstance(reason, (NewConnectionError, ConnectTimeoutError, NameResolutionError))
            raise _lost(errors.ConnectionFailed(), write and not never_sent) from None
        except requests.RequestException as exc:
            self._log(method, path, type(exc).__name__, started, attempts)
            raise _lost(errors.ConnectionFailed(), write) from None

        self._log(method, path, response.status_code, started, attempts, response.headers)
        try:
            body = self._decode(response, shape if response.status_code < 400 else Any)
        except errors.BadResponse as error:
            raise _lost(error, write) from None  # a 2xx Leat acted on, unreadable
        if response.status_code >= 400:
            raise _lost(error_from_response(response.status_code, body, response.headers), write and response.status_code in ANSWER_LOST_STATUSES)
        if body is None or not isinstance(body, dict):
            raise _lost(errors.BadResponse(status=response.status_code), write)
        return body

    @staticmethod
    def _decode(response: requests.Response, shape: Any = Any) -> Any:
        if not response.content:
            return None
        try:
            try:
                return _reader(shape).decode(response.content)  # a third of the time `json` takes, or less
            except msgspec.ValidationError:
                raise
            except ValueError:
                # What msgspec refuses and requests reads (NaN, a charset other than
                # UTF-8, a string that is not UTF-8) is read as it always was.
                return msgspec.convert(response.json(), shape)
        except ValueError:  # not JSON, or not the shape asked for
            if response.status_code >= 400:
                return None  # error pages from proxies are HTML; the status says enough
            raise errors.BadResponse(status=response.status_code) from None

    def _log(self, method: str, path: str, outcome: Any, started: float, attempts: Attempts | None = None, headers: Any = None) -> None:
        call = LeatCall.of(method, path, outcome, time.monotonic() - started, attempts.retries if attempts else 0, headers)
        # Path and query keys only: no key, no bodies (they hold personal data).
        logger.info("leat %s %s -> %s in %.0f ms", method, path, outcome, call.seconds * 1000, extra={"leat_route": call.route, "duration_ms": round(call.seconds * 1000, 1)})
        if self.observer is not None:
            try:
                self.observer(call)
            except Exception:  # watching a call never breaks it
                logger.warning("the Leat call's observer failed", exc_info=True)

    def health(self, *, timeout: float = 2.0) -> str:
        """Leat's health route (`GET /api/v3/oauth/clients/`), once, without
        retries: "ok", or what is wrong in words (never the key). As every
        call: the client's proxies and CA bundle, no ~/.netrc, no redirect
        followed (a redirect means LEAT_API_URL is not Leat's API, and every
        other call would fail on it)."""
        started = time.monotonic()
        try:
            with requests.Session() as once:  # requests' default adapter: one attempt
                once.trust_env = False
                response = once.get(self.url(""), headers=self.session.headers, timeout=timeout, allow_redirects=False, proxies=self.session.proxies, verify=self.session.verify)
        except requests.Timeout:
            outcome = "did not answer in time"
        except requests.RequestException:
            outcome = "could not be reached"
        else:
            status = response.status_code
            if status == 401:
                outcome = "refused the API key"
            elif status < 300:
                outcome = "ok"
            elif status < 400:
                outcome = f"answered {status} (a redirect: check LEAT_API_URL)"
            else:
                outcome = f"answered {status}"
        self._log("GET", "(health)", outcome, started)
        return outcome

    def data(self, method: str, path: str, **kwargs: Any) -> Any:
        """The `data` member of the envelope."""
        return self.request(method, path, **kwargs).get("data")
