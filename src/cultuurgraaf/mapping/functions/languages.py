"""The script of a label, and its likely language, as BCP 47 tags for a language map.

Exports give labels in other scripts (``Гентский алтарь``, ``ゲントの祭壇画``, ``مذبح غنت``) and
descriptions in Dutch, French or English without saying which. The script is a fact of the
characters: each letter's Unicode Script property, read with the ``regex`` module (the codes
are the script subtags of the IANA registry that langcodes ships, so no table is written here).
The language is a guess, made by py3langid's model (shipped in its wheel, nothing fetched), only
for text long enough to guess from and only where the model is confident; every such guess is
counted and listed by the run.

>>> script("Гентский алтарь"), script("ゲントの祭壇画"), script("مذبح غنت"), script("根特祭坛画")
('und-Cyrl', 'und-Jpan', 'und-Arab', 'und-Hani')
>>> likely_language("Stilleven met bloemen")          # too short to guess from: only its script
'und-Latn'
"""

from __future__ import annotations

import copy
from collections import Counter
from functools import lru_cache
from importlib.resources import files

from .registry import Guessed, Result, Unreadable, register

#: the least a label needs before its language is guessed: words, and letters in all
MIN_WORDS, MIN_LETTERS = 4, 20
#: the same in scripts written without spaces between words, counted in letters
MIN_LETTERS_UNSPACED = 10
UNSPACED = frozenset({"Hani", "Jpan", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"})
#: the probability py3langid must give a language (of the 140 its model knows) before it is kept
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _scripts():
    """One pattern that matches a letter in any script Unicode and the regex module know, with
    a group named by the script's ISO 15924 code (Common, Inherited and Unknown left out: digits,
    punctuation and combining marks tell no script)."""
    import regex

    registry = (files("langcodes") / "data" / "language-subtag-registry.txt").read_text(encoding="utf-8")
    groups = []
    for code in regex.findall(r"Type: script\nSubtag: (\w{4})\n", registry):
        if code in ("Zyyy", "Zinh", "Zzzz"):
            continue
        try:
            regex.compile(rf"\p{{sc={code}}}")
        except regex.error:  # a code for a variant (Latf, Hans) that is no Unicode script
            continue
        groups.append(rf"(?P<{code}>\p{{sc={code}}})")
    return regex.compile("|".join(groups))


def _letters(value: str) -> Counter:
    """The letters of a value by script, Japanese and Korean writing folded into one each.

    >>> dict(_letters("ゲントの祭壇画")), dict(_letters("Het Lam Gods (1432)"))
    ({'Jpan': 7}, {'Latn': 10})
    """
    counts = Counter(m.lastgroup for m in _scripts().finditer(value))
    for folded, written, with_han in (("Jpan", {"Hira", "Kana"}, "Hani"), ("Kore", {"Hang"}, "Hani")):
        if written & counts.keys():
            counts[folded] = sum(counts.pop(s, 0) for s in (*written, with_han))
    return counts


def _tagged(counts: Counter) -> tuple[str, str]:
    """The script tag of a label's letters, and how it guessed where they are in several."""
    if not counts:
        raise Unreadable("no letters, so no script")
    (code, _), *others = counts.most_common()
    if not others:
        return f"und-{code}", ""
    seen = ", ".join(f"{c} {n}" for c, n in counts.most_common())
    return f"und-{code}", f"letters in several scripts ({seen}): the script of most of them"


@register("cg:script", guesses="the script of most letters, where they are in several scripts",
          cannot_read="a value without letters (1890, ???): it has no script")
def script(value: str) -> Result:
    """The script of a label as a BCP 47 tag of an undetermined language: ``und-Cyrl``,
    ``und-Arab``, ``und-Hani``, ``und-Jpan`` (kana with or without kanji), ``und-Kore``,
    ``und-Latn``. Letters in several scripts give the script of most of them, a guess the run
    counts and lists. Use it as a language map where the export names no language.

    >>> script("Гентский алтарь (Ghent)").how
    'letters in several scripts (Cyrl 14, Latn 5): the script of most of them'
    """
    tag, how = _tagged(_letters(value))
    return Guessed(tag, how) if how else tag


@lru_cache(maxsize=1)
def _model():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=16)
def _identifier(languages: tuple[str, ...]):
    """py3langid's identifier, choosing among ``languages`` only where some are given (a copy of
    the one model: restricting it does not change the arrays it shares)."""
    model = _model()
    if not languages:
        return model
    unknown = sorted(set(languages) - set(model.labels))
    if unknown:
        raise Unreadable(f"not a language the model knows: {', '.join(unknown)} (it knows "
                         f"{', '.join(sorted(model.labels))})", parameter="languages")
    chosen = copy.copy(model)
    chosen.set_languages(list(languages))
    return chosen


def _long_enough(value: str, code: str, letters: int) -> bool:
    if code in UNSPACED:
        return letters >= MIN_LETTERS_UNSPACED
    return letters >= MIN_LETTERS and len(value.split()) >= MIN_WORDS


@register("cg:likelyLanguage", guesses="every language it gives (with py3langid's probability, at least 0.9, for "
                                       "text of at least 4 words and 20 letters); else the script, as cg:script",
          cannot_read="a value without letters (1890, ???): it has no script; in the "
                                           "mapping, languages the model does not know")
def likely_language(value: str, languages: str = "") -> Result:
    """A label's likely language as a BCP 47 tag (``nl``, ``fr``, ``en``), guessed by py3langid
    where the export names none; else its script (``und-Latn``), as cg:script gives it.

    A language is guessed only for text of at least 4 words and 20 letters (10 letters in Han,
    Japanese, Thai and other scripts written without spaces), where the model gives it a
    probability of at least 0.9 and the language is written in the label's script. ``languages``
    (``nl,fr,en,de``) makes it choose among those only, as the model otherwise weighs Dutch
    against Afrikaans and Frisian too. Every language it gives is a guess, counted and listed by
    the run with its probability; names and titles of one to three words get their script only.
    """
    chosen = _identifier(tuple(sorted({code.strip() for code in languages.split(",") if code.strip()})))
    counts = _letters(value)
    tag, how = _tagged(counts)
    found = Guessed(tag, how) if how else tag
    code = tag.removeprefix("und-")
    if not _long_enough(value, code, sum(counts.values())):
        return found
    language, probability = chosen.classify(value)
    if probability < MIN_CONFIDENCE or _usual_script(language) != code:
        return found
    return Guessed(language, f"{language} with probability {probability:.2f}")


def _usual_script(language: str) -> str:
    """The script a language is usually written in, as :func:`script` names it.

    >>> _usual_script("nl"), _usual_script("ru"), _usual_script("zh"), _usual_script("ja")
    ('Latn', 'Cyrl', 'Hani', 'Jpan')
    """
    import langcodes

    usual = langcodes.Language.get(language).maximize().script or ""
    return "Hani" if usual in ("Hans", "Hant") else usual
