"""Kontaktdichtekonzepte as data: reading and validating policies/*.toml (stdlib tomllib; no Qt, no SQL).

Public API:
    load_policy(policy_id) -> Policy          a bundled policy (UserError naming the known ids)
    load_bundled() -> tuple[Policy, ...]      every shipped policy
    load_file(path) -> Policy                 any policy file (InvalidInput with .problems)
    check_file(path) -> (Policy | None, [Problem])   validation without raising
    known_ids() -> [str]
The evaluation lives in terminassistent.domain.density (assess) and .quota (weekly_target).
"""

from terminassistent.policy.loader import (
    check_file,
    clear_cache,
    known_ids,
    load_bundled,
    load_file,
    load_policy,
)
from terminassistent.policy.schema import Problem

__all__ = ["Problem", "check_file", "clear_cache", "known_ids", "load_bundled", "load_file", "load_policy"]
