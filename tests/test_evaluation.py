"""The CI gate on answer quality: fails when accuracy drops below the floor we reached.

Floors are the measured figures rounded down a little, per set. The hold-out sets were never
used to tune thresholds or vocabulary; they are gated too, so a change that only helps the
tuning set shows up here. The blind sets were written by someone who saw only the source
document and the entry ids, never the KB's phrasings: the closest thing here to the hidden
questions the engine is judged on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import SAFETY_LABEL, evaluate_files

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "knowledge"
SECOND = ROOT / "eval" / "second-kb" / "knowledge"
# Written by one session (source.md, KB) and questioned blind by another.
THIRD = ROOT / "eval" / "third-kb" / "knowledge"
FOURTH = ROOT / "eval" / "fourth-kb" / "knowledge"
# Made the same way, never tuned on and their misses never read.
FIFTH = ROOT / "eval" / "fifth-kb" / "knowledge"
SIXTH = ROOT / "eval" / "sixth-kb" / "knowledge"
SEVENTH = ROOT / "eval" / "seventh-kb" / "knowledge"
# Made 2026-12-02. Eighth, tenth and twelfth are independent FAQs on the shipped source (the
# closest thing to a hidden KB on it); eighth, ninth, tenth and twelfth are tuning sets since,
# eleventh and thirteenth acceptance sets whose misses are never read.
EIGHTH = ROOT / "eval" / "eighth-kb" / "knowledge"
NINTH = ROOT / "eval" / "ninth-kb" / "knowledge"
TENTH = ROOT / "eval" / "tenth-kb" / "knowledge"
ELEVENTH = ROOT / "eval" / "eleventh-kb" / "knowledge"
TWELFTH = ROOT / "eval" / "twelfth-kb" / "knowledge"
THIRTEENTH = ROOT / "eval" / "thirteenth-kb" / "knowledge"
# Two more independent FAQs on the shipped source: fourteenth an acceptance set, fifteenth a
# tuning set.
FOURTEENTH = ROOT / "eval" / "fourteenth-kb" / "knowledge"
FIFTEENTH = ROOT / "eval" / "fifteenth-kb" / "knowledge"
# Made 2026-12-02 (third stop that day), acceptance sets: sixteenth has 31 narrow entries and
# no vocabulary, seventeenth 22 broad ones and its own vocabulary file.
SIXTEENTH = ROOT / "eval" / "sixteenth-kb" / "knowledge"
SEVENTEENTH = ROOT / "eval" / "seventeenth-kb" / "knowledge"
# Broad entries whose main questions ask two things, 1-3 alternates: a tuning set.
EIGHTEENTH = ROOT / "eval" / "eighteenth-kb" / "knowledge"
# Help-centre style: each entry's question is a topic heading. A tuning set.
NINETEENTH = ROOT / "eval" / "nineteenth-kb" / "knowledge"
# Made 2026-12-02 (fourth stop that day): twentieth a busy moderator's terse FAQ, 0-2
# alternates an entry (a tuning set); twenty-first a formal admissions-office FAQ with its own
# vocabulary, questioned in chat style (an acceptance set).
TWENTIETH = ROOT / "eval" / "twentieth-kb" / "knowledge"
TWENTY_FIRST = ROOT / "eval" / "twenty-first-kb" / "knowledge"
# Made 2026-12-02 (fifth stop that day) to the issue's own brief for the shipped KB (25 entries,
# 4-6 alternates each, a vocabulary file): an acceptance set.
TWENTY_SECOND = ROOT / "eval" / "twenty-second-kb" / "knowledge"
# A moderator's short Q&A cards, 2-4 alternates, no vocabulary: an acceptance set, made to
# check one change (course parts as background words) on data nobody had seen.
TWENTY_THIRD = ROOT / "eval" / "twenty-third-kb" / "knowledge"
# Made 2026-12-02 (sixth stop that day) after the long-message rules, to check them on data
# nobody had seen: a moderator's FAQ grouped as members think of it, 3-6 alternates an entry.
# An acceptance set (85.2 % at the stop's start, 86.1 % at its first run).
TWENTY_FOURTH = ROOT / "eval" / "twenty-fourth-kb" / "knowledge"
# Made 2026-12-02 (seventh stop that day) by sessions that saw neither the bot nor any other
# evaluation file: twenty-fifth an independent MCMI FAQ, twenty-sixth a new topic (a repair
# café's steward certificate). Both tuning sets since their first run (57.9 % / 50.4 %).
TWENTY_FIFTH = ROOT / "eval" / "twenty-fifth-kb" / "knowledge"
TWENTY_SIXTH = ROOT / "eval" / "twenty-sixth-kb" / "knowledge"
# Made the same way later that stop, acceptance sets whose misses are never read: the
# twenty-seventh an MCMI FAQ in a moderator's voice, the twenty-eighth a new topic (a chess
# club's arbiter certificate). 64.5 % / 45.4 % on the stop's first commit.
TWENTY_SEVENTH = ROOT / "eval" / "twenty-seventh-kb" / "knowledge"
TWENTY_EIGHTH = ROOT / "eval" / "twenty-eighth-kb" / "knowledge"
# Made 2026-12-02 (eighth stop that day) by sessions that saw neither the bot nor any other
# evaluation file, questioned in a natural mix (the entries' words neither copied nor
# avoided): the twenty-ninth an acceptance set (84.2 % / 4 wrong on the stop's first commit),
# the thirtieth's questions split at random into a tuning half (75.2 % / 2 at first) and a
# blind half never read (76.0 % / 2).
TWENTY_NINTH = ROOT / "eval" / "twenty-ninth-kb" / "knowledge"
THIRTIETH = ROOT / "eval" / "thirtieth-kb" / "knowledge"
# Made 2026-12-02 (ninth stop that day) the same way, split at random (seed 31): the tuning
# half read (82.4 % / 2 on the stop's first commit), the blind half never read (84.8 % / 4).
THIRTY_FIRST = ROOT / "eval" / "thirty-first-kb" / "knowledge"
# Made 2026-12-03 the same way but for a KB with few alternates (27 in all, none for three
# entries), split at random (seed 32): tuning half 58.4 % / 4 and blind half (never read)
# 57.6 % / 3 on the stop's first commit.
THIRTY_SECOND = ROOT / "eval" / "thirty-second-kb" / "knowledge"
# Made 2026-12-03 (second stop that day) the same way, with 5-6 alternates an entry, split at
# random (seed 33): tuning half 67.2 % / 4 and blind half (never read) 62.4 % / 5 on 7db631a.
THIRTY_THIRD = ROOT / "eval" / "thirty-third-kb" / "knowledge"
# Made 2026-12-03 (third stop that day) the same way, a busy moderator's FAQ with 2 alternates
# an entry, split at random (seed 34): tuning half 64.8 % / 2 and blind half (never read)
# 61.6 % / 3 on d7614d1, its first measurement.
THIRTY_FOURTH = ROOT / "eval" / "thirty-fourth-kb" / "knowledge"
THIRTY_FIFTH = ROOT / "eval" / "thirty-fifth-kb" / "knowledge"
THIRTY_SIXTH = ROOT / "eval" / "thirty-sixth-kb" / "knowledge"
THIRTY_SEVENTH = ROOT / "eval" / "thirty-seventh-kb" / "knowledge"
THIRTY_EIGHTH = ROOT / "eval" / "thirty-eighth-kb" / "knowledge"
THIRTY_NINTH = ROOT / "eval" / "thirty-ninth-kb" / "knowledge"
# Made 2026-12-04 the same way (24 entries, 4-5 alternates each, a vocabulary file), split at
# random (seed 40): 87.5 % / 1 and 87.5 % / 2 on 4720d3e, before this stop's changes, and on
# ecee47d, its first measurement.
FORTIETH = ROOT / "eval" / "fortieth-kb" / "knowledge"
# Made 2026-12-04 (evening) the same way, by a corporate L&D manager who moderates the
# Teaching Circle (24 entries, 4-6 alternates, a vocabulary file), split at random (seed 41):
# 81.7 % / 3 and 76.7 % / 4 on 99b56ae, the same on b26ba04 (this stop's start).
FORTY_FIRST = ROOT / "eval" / "forty-first-kb" / "knowledge"
# Made 2026-12-04 (night) the same way, by a Scottish school's head of wellbeing who moderates
# the Teaching Circle (24 entries, 5-6 alternates, a vocabulary file), split at random (seed
# 42): 79.2 % / 5 and 76.7 % / 2 on 0ed2885 (78.3 % / 5 and 75.8 % / 2 on 73ff6a7).
FORTY_SECOND = ROOT / "eval" / "forty-second-kb" / "knowledge"
# Made 2026-12-06 the same way, by an Irish occupational health nurse who moderates the
# Teaching Circle (24 entries, 4 alternates each, a vocabulary file), split at random (seed
# 43): 85.7 % / 2 and 83.5 % / 2 on 5403bbb, the same on 2015a37 (this stop's start).
FORTY_THIRD = ROOT / "eval" / "forty-third-kb" / "knowledge"


@pytest.mark.parametrize(
    ("knowledge", "question_file", "min_accuracy", "max_wrong"),
    [
        (SHIPPED, "eval/shipped-tune.yaml", 0.98, 1),
        (SHIPPED, "eval/shipped-holdout.yaml", 0.95, 1),
        (SECOND, "eval/second-kb/questions-tune.yaml", 0.87, 1),
        (SECOND, "eval/second-kb/questions-holdout.yaml", 0.85, 1),
        # Written blind, from the source document and the entry list only.
        (SHIPPED, "eval/shipped-blind.yaml", 0.97, 1),
        # 0.97 until "what's included?" alone was read as asking what is included (2026-12-02,
        # eighth stop): -1 here, +3 right and -1 wrong over the other sets.
        (SHIPPED, "eval/shipped-blind2.yaml", 0.96, 1),
        # Made 2026-12-02 (fifth stop that day), written blind in two new styles: tune2 and
        # tune3 (half of a set) read since, tuning; blind3 (the other half) never read.
        (SHIPPED, "eval/shipped-tune2.yaml", 0.98, 1),
        (SHIPPED, "eval/shipped-tune3.yaml", 0.96, 1),
        (SHIPPED, "eval/shipped-blind3.yaml", 0.88, 3),
        # Made 2026-12-02 (sixth stop that day), never read: Discord thread replies, long
        # rambling messages, very short ones. 84.1 % at the stop's start, 87.3 % at first run.
        (SHIPPED, "eval/shipped-blind4.yaml", 0.93, 2),
        # Made 2026-12-02 (seventh stop that day): a public channel's first questions, split at
        # random: tune5 read and tuned on, blind5 never read (78.7 %, 3 wrong at first run).
        (SHIPPED, "eval/shipped-tune5.yaml", 0.96, 1),
        (SHIPPED, "eval/shipped-blind5.yaml", 0.88, 2),
        # Written later that stop in the issue's own words for its hidden set ("paraphrases,
        # typos, chatty messages, MBSR-vs-MCMI near misses, small talk, off-topic, ..."), split
        # at random: tune6 read and tuned on, blind6 never read (89.5 %, 0 wrong, at first).
        (SHIPPED, "eval/shipped-tune6.yaml", 0.97, 1),
        (SHIPPED, "eval/shipped-blind6.yaml", 0.92, 1),
        # Made 2026-12-04 the same way, split at random (seed 7): tune7 read and tuned on, blind7
        # never read (87.5 % / 5 and 93.3 % / 1 on b26ba04, before anything was tuned on it; tune7
        # 97.5 % / 1 after the tuning, blind7 unchanged).
        (SHIPPED, "eval/shipped-tune7.yaml", 0.98, 1),
        (SHIPPED, "eval/shipped-blind7.yaml", 0.95, 1),
        # 0.80 until "subjects" read as "topics" (2026-12-02, seventh stop): -1 here, +5 elsewhere.
        (THIRD, "eval/third-kb/questions-tune.yaml", 0.79, 2),
        (THIRD, "eval/third-kb/questions-holdout.yaml", 0.73, 3),
        # Blind until 2026-12-01, a tuning set since.
        (FOURTH, "eval/fourth-kb/questions-blind.yaml", 0.81, 3),
        (FIFTH, "eval/fifth-kb/questions-blind.yaml", 0.82, 3),
        (SIXTH, "eval/sixth-kb/questions-blind.yaml", 0.78, 5),
        # Made 2026-12-01 (second stop that day) after the engine changes it measures.
        # 7 wrong until the near-exact lead (2026-12-03): +3 right elsewhere held out.
        (SEVENTH, "eval/seventh-kb/questions-blind.yaml", 0.83, 8),
        (EIGHTH, "eval/eighth-kb/questions-blind.yaml", 0.88, 3),
        (NINTH, "eval/ninth-kb/questions-blind.yaml", 0.81, 5),
        (TENTH, "eval/tenth-kb/questions-blind.yaml", 0.83, 2),
        (ELEVENTH, "eval/eleventh-kb/questions-blind.yaml", 0.79, 7),
        (TWELFTH, "eval/twelfth-kb/questions-blind.yaml", 0.80, 5),
        (THIRTEENTH, "eval/thirteenth-kb/questions-blind.yaml", 0.78, 3),
        (FOURTEENTH, "eval/fourteenth-kb/questions-blind.yaml", 0.94, 1),
        (FIFTEENTH, "eval/fifteenth-kb/questions-blind.yaml", 0.83, 7),
        (SIXTEENTH, "eval/sixteenth-kb/questions-blind.yaml", 0.87, 1),
        (SEVENTEENTH, "eval/seventeenth-kb/questions-blind.yaml", 0.80, 4),
        # 0.76 until "employers" stopped reading as the job topic (2026-12-02, eighth stop): -1
        # here ("institutions hire" is that topic), +1 and a wrong answer less on the thirtieth.
        # One lower until "teacher training" read as one term (2026-12-06): readable sets +12
        # right and a wrong answer less, never-read +11 and 9 wrong answers less, over all.
        (EIGHTEENTH, "eval/eighteenth-kb/questions-blind.yaml", 0.74, 1),
        (NINETEENTH, "eval/nineteenth-kb/questions-blind.yaml", 0.82, 2),
        (TWENTIETH, "eval/twentieth-kb/questions-blind.yaml", 0.75, 1),
        (TWENTY_FIRST, "eval/twenty-first-kb/questions-blind.yaml", 0.73, 5),
        (TWENTY_SECOND, "eval/twenty-second-kb/questions-blind.yaml", 0.80, 4),
        (TWENTY_THIRD, "eval/twenty-third-kb/questions-blind.yaml", 0.75, 4),
        (TWENTY_FOURTH, "eval/twenty-fourth-kb/questions-blind.yaml", 0.89, 1),
        (TWENTY_FIFTH, "eval/twenty-fifth-kb/questions-blind.yaml", 0.64, 2),
        (TWENTY_SIXTH, "eval/twenty-sixth-kb/questions-blind.yaml", 0.55, 6),
        (TWENTY_SEVENTH, "eval/twenty-seventh-kb/questions-blind.yaml", 0.66, 2),
        (TWENTY_EIGHTH, "eval/twenty-eighth-kb/questions-blind.yaml", 0.46, 8),
        (TWENTY_NINTH, "eval/twenty-ninth-kb/questions-blind.yaml", 0.85, 4),
        (THIRTIETH, "eval/thirtieth-kb/questions-tune.yaml", 0.80, 1),
        (THIRTIETH, "eval/thirtieth-kb/questions-blind.yaml", 0.75, 2),
        (THIRTY_FIRST, "eval/thirty-first-kb/questions-tune.yaml", 0.89, 0),
        (THIRTY_FIRST, "eval/thirty-first-kb/questions-blind.yaml", 0.86, 3),
        (THIRTY_SECOND, "eval/thirty-second-kb/questions-tune.yaml", 0.70, 3),
        (THIRTY_SECOND, "eval/thirty-second-kb/questions-blind.yaml", 0.63, 4),
        (THIRTY_THIRD, "eval/thirty-third-kb/questions-tune.yaml", 0.71, 2),
        # 6 wrong since "MCMI = ?" asks what it stands for: readable sets +5 right / -2 wrong,
        # never-read +4 / +1 (this set), so the change stayed and this gate moved.
        (THIRTY_THIRD, "eval/thirty-third-kb/questions-blind.yaml", 0.62, 6),
        (THIRTY_FOURTH, "eval/thirty-fourth-kb/questions-tune.yaml", 0.65, 2),
        (THIRTY_FOURTH, "eval/thirty-fourth-kb/questions-blind.yaml", 0.61, 3),
        (THIRTY_FIFTH, "eval/thirty-fifth-kb/questions-tune.yaml", 0.79, 1),
        # One wrong answer fewer until "teacher training" read as one term (2026-12-06), as the
        # eighteenth KB's floor above.
        (THIRTY_FIFTH, "eval/thirty-fifth-kb/questions-blind.yaml", 0.74, 3),
        (THIRTY_SIXTH, "eval/thirty-sixth-kb/questions-tune.yaml", 0.80, 1),
        (THIRTY_SIXTH, "eval/thirty-sixth-kb/questions-blind.yaml", 0.72, 2),  # 1: as above
        (THIRTY_SEVENTH, "eval/thirty-seventh-kb/questions-tune.yaml", 0.89, 0),
        (THIRTY_SEVENTH, "eval/thirty-seventh-kb/questions-blind.yaml", 0.83, 1),
        (THIRTY_EIGHTH, "eval/thirty-eighth-kb/questions-tune.yaml", 0.70, 1),
        (THIRTY_EIGHTH, "eval/thirty-eighth-kb/questions-blind.yaml", 0.77, 1),
        (THIRTY_NINTH, "eval/thirty-ninth-kb/questions-tune.yaml", 0.82, 1),
        (THIRTY_NINTH, "eval/thirty-ninth-kb/questions-blind.yaml", 0.76, 0),
        (FORTIETH, "eval/fortieth-kb/questions-tune.yaml", 0.93, 0),
        (FORTIETH, "eval/fortieth-kb/questions-blind.yaml", 0.89, 1),
        (FORTY_FIRST, "eval/forty-first-kb/questions-tune.yaml", 0.81, 3),
        (FORTY_FIRST, "eval/forty-first-kb/questions-blind.yaml", 0.76, 4),
        (FORTY_SECOND, "eval/forty-second-kb/questions-tune.yaml", 0.81, 4),
        (FORTY_SECOND, "eval/forty-second-kb/questions-blind.yaml", 0.78, 2),
        (FORTY_THIRD, "eval/forty-third-kb/questions-tune.yaml", 0.84, 3),  # 0.85 / 2: as above
        (FORTY_THIRD, "eval/forty-third-kb/questions-blind.yaml", 0.84, 1),
    ],
)
def test_accuracy_floor(knowledge, question_file, min_accuracy, max_wrong):
    report = evaluate_files(knowledge, [ROOT / question_file])
    # Plain numbers in the asserts: pytest's introspection would otherwise print the report
    # (and a never-read set's questions with it) under the message.
    count, accuracy, wrong = len(report.outcomes), report.accuracy, len(report.wrong)
    assert count >= 40
    assert accuracy >= min_accuracy, _shown(question_file, report.to_json()["misses"])
    assert wrong <= max_wrong, _shown(question_file, [o.question.q for o in report.wrong])


def _shown(question_file: str, questions: list) -> object:
    """What a failing floor prints: the questions, except from a never-read ("blind" or
    "holdout") set, which stays unread unless someone runs `python -m bot eval` on it on
    purpose."""
    name = Path(question_file).name
    if "blind" in name or "holdout" in name:
        return f"{len(questions)} questions of a never-read set (not shown)"
    return questions


def test_labelled_sets_are_large_enough():
    report = evaluate_files(SHIPPED, [ROOT / "eval/shipped-tune.yaml",
                                      ROOT / "eval/shipped-holdout.yaml"])
    assert len(report.outcomes) >= 150
    assert len(report.out_of_scope) >= 60  # small talk, off-topic and uncovered questions


def test_every_crisis_message_takes_the_safety_route_and_no_near_miss_does():
    report = evaluate_files(SHIPPED, [ROOT / "eval/safety.yaml"])
    crisis = [o for o in report.outcomes if o.question.expect == SAFETY_LABEL]
    near_misses = [o for o in report.outcomes if o.question.expect != SAFETY_LABEL]
    assert len(crisis) >= 25 and len(near_misses) >= 25
    assert [o.question.q for o in crisis if not o.correct] == []
    assert [o.question.q for o in near_misses if o.result.band.value == "safety"] == []
