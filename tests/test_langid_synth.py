"""Tests for langid_synth.py (the generated French, Japanese and Korean of the seven-language tests): determinism, distinctness, scripts, Korean particles, lengths, errors."""
import json
import os
import re
import subprocess
import sys
import unicodedata

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import langid_synth as synth  # noqa: E402

N = 5000
LANGS = synth.GENERATED_LANGS


@pytest.fixture(scope='module')
def big():
    """5000 sentences per language, generated once."""
    return {lang: synth.generated_sentences(lang, N) for lang in LANGS}


def _run_fresh(hashseed):
    """Generate sentences in a fresh interpreter with a given PYTHONHASHSEED."""
    code = ("import json, langid_synth as synth; print(json.dumps({l: synth.generated_sentences(l, 400, seed=11) "
            "for l in synth.GENERATED_LANGS}))")
    env = dict(os.environ, PYTHONHASHSEED=str(hashseed))
    out = subprocess.run([sys.executable, '-c', code], cwd=os.path.dirname(os.path.abspath(__file__)),
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_deterministic_across_processes():
    a, b = _run_fresh(1), _run_fresh(12345)
    assert a == b
    assert a == {lang: synth.generated_sentences(lang, 400, seed=11) for lang in LANGS}


def test_seed_and_prefix_behaviour():
    assert synth.generated_sentences('fr', 50, seed=1) != synth.generated_sentences('fr', 50, seed=2)
    assert synth.generated_sentences('ko', 30) == synth.generated_sentences('ko', 30)


@pytest.mark.parametrize('lang', LANGS)
def test_5000_distinct(big, lang):
    s = big[lang]
    assert len(s) == N and len(set(s)) == N
    assert all(isinstance(x, str) and x == x.strip() for x in s)


def test_describe_capacity():
    d = synth.describe()
    assert set(d) == set(LANGS)
    assert all(isinstance(v, int) and v >= 50_000 for v in d.values())


def test_french_script_and_length(big):
    accented = 0
    for s in big['fr']:
        for c in s:
            if c.isalpha():
                assert 'LATIN' in unicodedata.name(c), (c, s)
            else:
                assert c.isdigit() or c in " ,.?'%-", (c, s)
        accented += bool(re.search('[éèêëàâçôœîïùû]', s))
        words = [t for t in s.split() if re.search(r'\w', t)]
        assert 6 <= len(words) <= 20, s
        assert s[0].isupper() and s[-1] in '.?', s
    assert accented > N // 3


def test_japanese_script_and_length(big):
    with_kata = 0
    for s in big['ja']:
        assert re.search('[\u3040-\u309f]', s) and re.search('[\u4e00-\u9fff]', s), s
        assert not re.search('[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]', s), s
        assert not re.search('[A-Za-z ]', s), s
        assert all('\u3040' <= c <= '\u30ff' or '\u4e00' <= c <= '\u9fff' or c in '。、？' for c in s), s
        assert 12 <= len(s) <= 40 and s[-1] in '。？', s
        with_kata += bool(re.search('[\u30a0-\u30ff]', s))
    assert with_kata > N // 10


def test_korean_script_and_length(big):
    for s in big['ko']:
        assert all('\uac00' <= c <= '\ud7a3' or c in ' .,?' for c in s), s
        assert re.search('[\uac00-\ud7a3]', s), s
        assert 5 <= len(s.split()) <= 15, s
        assert re.search(r'(니다|예요|해요|어요|나요)[.?]$', s), s


def test_has_batchim():
    assert [synth.has_batchim(w) for w in ('책', '학교', '선생님', '커피', '고양이', '서울', '팀')] == \
        [True, False, True, False, False, True, True]
    assert synth._j('책', '을', '를') == '책을' and synth._j('학교', '은', '는') == '학교는'


# nouns that carry a particle: last token of the particle-bearing slot entries, plus nouns inside fixed phrases
_EXTRA = ("비 눈 날씨 바람 태풍 안개 기온 폭우 천둥 기차 학교 문 행사 길 사람들 비행기 공원 가게들 경기 버스 운행 사람 "
          "에어컨 여행 출장 친구 공연 맛집 면접 가족 축제 바다 요금 도서관 와이파이 충전소 주차장 안내판 수업 인기 평")
_PARTICLE = {'은': True, '는': False, '이': True, '가': False, '을': True, '를': False}


def _ko_nouns():
    """Set of nouns whose following particle the test can verify."""
    words = list(synth.KO_SUBJ) + [o for o, _ in synth.KO_VP] + list(synth.KO_EVENT) + list(synth.KO_ORG)
    words += [c for _, c in synth.KO_ITEM] + [b for _, b in synth.KO_PAIR] + [t for t, _ in synth.KO_HEARSAY]
    return {w.split()[-1] for w in words} | set(_EXTRA.split())


def test_korean_particles_agree_with_batchim(big):
    nouns, checked, bad = _ko_nouns(), 0, []
    for s in big['ko']:
        for tok in s.rstrip('.?').split():
            stem, p = tok[:-1], tok[-1]
            if p in _PARTICLE and stem in nouns:
                checked += 1
                final = (ord(stem[-1]) - 0xAC00) % 28 != 0
                if final != _PARTICLE[p]:
                    bad.append((tok, s))
    assert not bad, bad[:5]
    assert checked > N  # on average more than one particle checked per sentence


def test_korean_particles_in_sample_sentences():
    s = synth.KO[0][0]('어제', '선생님', '서울', ('책', '샀습니다'))
    assert s == '어제 선생님은 서울에서 책을 샀습니다.'
    s = synth.KO[0][0]('어제', '정부', '학교', ('커피', '주문했습니다'))
    assert s == '어제 정부는 학교에서 커피를 주문했습니다.'
    assert synth.KO[1][0]('내일', '공원', '음악 축제') == '내일 공원에서 음악 축제가 열릴 예정입니다.'
    assert synth.KO[1][0]('내일', '공원', '사진전') == '내일 공원에서 사진전이 열릴 예정입니다.'


def test_french_elision_and_agreement():
    for s in synth.generated_sentences('fr', 3000, seed=4):
        assert not re.search(r"\b(que|de|le|la) [aeiouyéèêàâîôœ]", s, re.I), s
        assert not re.search(r"\b(à le|de le|à les|de les)\b", s), s
        assert not re.search(r"\bune (projet|plan|festival|rapport|budget|service)\b", s), s
        assert not re.search(r"\bun (réforme|exposition|campagne|étude|stratégie)\b", s), s


@pytest.mark.parametrize('lang', LANGS)
def test_errors(lang):
    cap = synth.describe()[lang]
    with pytest.raises(ValueError, match=str(cap)):
        synth.generated_sentences(lang, cap + 1)
    with pytest.raises(ValueError):
        synth.generated_sentences(lang, -1)


def test_unknown_lang():
    for bad in ('en', 'FR', '', 'zh'):
        with pytest.raises(ValueError, match='unknown lang'):
            synth.generated_sentences(bad, 10)
