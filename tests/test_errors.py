"""The error catalogue: codes from attribute names, one exception type that carries its code."""
import pytest

from jamsostek_ie.corpus.problems import make
from jamsostek_ie.errors import Errors, JamsostekError, Warnings, code_of, error


def test_messages_carry_the_code_of_their_attribute():
    codes = {**Errors.codes(), **Warnings.codes()}
    assert len(codes) >= 25
    for code, message in codes.items():
        assert message.startswith(f"[{code}] ") and code_of(message) == code, code
    assert len(set(codes.values())) == len(codes), "two codes share a message"


def test_error_raises_a_jamsostek_error_with_its_code():
    with pytest.raises(JamsostekError) as exc:
        raise error(Errors.E017, path="x", detail="no meta.json")
    assert exc.value.code == "E017" and isinstance(exc.value, ValueError)
    assert str(exc.value) == "[E017] model at x: no meta.json"
    typed = error(Errors.E015, cls=TypeError, what="text", expected="str", found="int")
    assert isinstance(typed, TypeError) and typed.code == "E015"


def test_problems_take_their_code_from_the_template():
    p = make("warning", Warnings.W002, "annotations/gold.jsonl", 3, id="a1")
    assert (p.code, p.line) == ("W002", 3) and p.message.startswith("[W002] annotations/gold.jsonl:3")
    with pytest.raises(JamsostekError) as exc:
        make("error", "no code here {where}", "f")
    assert exc.value.code == "E015"
