"""Romanised place names (Hanyu Pinyin, as China's place-name standard writes them: the
proper part in one word with an apostrophe before a syllable starting with a, o or e, the
generic part translated: 古田一路社区 -> "Gutianyilu Community"), and pinyin initials for
search ("gtgy" for 古田公园). Pure functions; pypinyin does the character readings."""

from pypinyin import Style, lazy_pinyin

# readings pypinyin gets wrong in the district's place names (长 is "chang" in 长堤街, 长丰…)
_READINGS = {"长": "chang"}
_GENERIC = [("社区", "Community"), ("街道", "Sub-district"), ("公园", "Park")]


def syllables(text: str) -> list[str]:
    out = []
    for char, reading in zip(text, _char_readings(text), strict=False):
        out.append(_READINGS.get(char, reading))
    return out


def _char_readings(text: str) -> list[str]:
    readings = lazy_pinyin(text, errors=lambda chars: list(chars))
    # lazy_pinyin keeps runs of non-Chinese characters together: split them back into characters
    flat = []
    for reading in readings:
        if len(reading) > 1 and not reading.isascii():
            flat.extend(reading)
        else:
            flat.append(reading)
    return flat if len(flat) == len(text) else readings


def pinyin_word(text: str) -> str:
    """One capitalised pinyin word: 万安巷 -> "Wan'anxiang"."""
    word = ""
    for index, syllable in enumerate(syllables(text)):
        if index and syllable[:1] in "aoe" and word:
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def english_place_name(name: str) -> str:
    """The English form of a Chinese place name: proper part in pinyin, generic part in English."""
    for suffix, english in _GENERIC:
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{pinyin_word(name[: -len(suffix)])} {english}"
    return pinyin_word(name)


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters (others kept, lowercased): 古田公园 -> "gtgy"."""
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(letter.lower() for letter in letters if letter.strip())


def full_pinyin(text: str) -> str:
    """All syllables run together, lowercased (for search): 古田公园 -> "gutiangongyuan"."""
    return "".join(syllables(text)).lower()
