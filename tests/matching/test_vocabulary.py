"""The built-in vocabulary as data: its groups stay coherent, and course words reach entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.model import Vocabulary
from bot.matching import vocabulary as builtin
from bot.matching.analysis import Analyzer, _phrase_key
from bot.matching.matcher import Band, Matcher


def test_every_phrase_of_a_group_reads_as_the_same_term():
    analyzer = Analyzer(Vocabulary())
    for group in (*builtin.SYNONYMS, *builtin.INTENT_SYNONYMS):
        terms = {analyzer.canonical(phrase) for phrase in group if _phrase_key(phrase)}
        assert len(terms) == 1, group


def test_topics_stay_apart_from_each_other():
    """Two topics merged by a shared word would make "how much is it?" veto the wrong
    entries; each topic must still be its own term."""
    analyzer = Analyzer(Vocabulary())
    topics = [analyzer.canonical(group[0]) for group in builtin.INTENT_SYNONYMS]
    assert len(set(topics)) == len(topics)


@pytest.fixture()
def course(tmp_path: Path) -> Matcher:
    (tmp_path / "faq.yaml").write_text(
        "entries:\n"
        "  - id: missed-classes\n    question: What if I miss a live class?\n"
        "    answer: Watch the recording within a week.\n"
        "  - id: team-module\n    question: Is the team coaching module required?\n"
        "    answer: No, it is an optional add-on.\n"
        "  - id: the-bridge\n    question: What is The Bridge?\n"
        "    answer: Our network for former students.\n"
        "    alternates: [is there an alumni network]\n"
        "  - id: contact\n    question: Can I send staff a private message?\n"
        "    answer: Use the contact form.\n"
    )
    return Matcher(load_knowledge(tmp_path))


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [("can I skip a couple of live classes?", "missed-classes"),
     ("is the team coaching module compulsory", "team-module"),
     ("is the team coaching module mandatory?", "team-module"),
     ("do past students have a network?", "the-bridge"),
     ("can i DM staff?", "contact")],
)
def test_course_words_reach_the_entry_that_uses_another(course, question, entry_id):
    result = course.match(question)
    assert result.band is Band.ANSWER and result.entry is not None, result.candidates
    assert result.entry.id == entry_id


def test_idioms_are_not_read_as_the_topics_their_words_suggest(tmp_path: Path):
    (tmp_path / "faq.yaml").write_text(
        "entries:\n"
        "  - id: workload\n    question: What is the weekly workload?\n"
        "    answer: About five hours a week.\n"
        "  - id: newsletter\n    question: Is there a newsletter?\n"
        "    answer: Yes, monthly.\n"
        "  - id: fees\n    question: How much does the course cost?\n    answer: Ask staff.\n"
    )
    matcher = Matcher(load_knowledge(tmp_path))
    analyzer = matcher.analyzer
    cost = analyzer.canonical("how much")
    assert cost not in analyzer.terms("how much homework is there each week?")
    assert cost not in analyzer.terms("overwhelmed by how much there is in the curriculum")
    assert cost in analyzer.terms("how much is the course?")
    assert analyzer.canonical("date") not in analyzer.terms("how do I stay up to date?")
    result = matcher.match("how do I stay up to date?")
    assert result.entry is not None and result.entry.id == "newsletter"
    assert matcher.match("thanks in advance!").small_talk


def test_a_country_is_a_location_and_its_language_a_language():
    analyzer = Analyzer(Vocabulary())
    location, language = analyzer.canonical("location"), analyzer.canonical("language")
    assert location in analyzer.terms("is the course recognised in Germany?")
    assert language in analyzer.terms("is the course taught in German?")


def test_words_inside_set_phrases_do_not_raise_their_usual_topic():
    analyzer = Analyzer(Vocabulary())
    health = analyzer.canonical("condition")
    assert health not in analyzer.terms("where are the terms and conditions?")
    assert analyzer.canonical("location") not in analyzer.terms("what is your email address?")
    assert analyzer.canonical("visa") in analyzer.terms("do I need a work permit?")


def test_a_longer_derivation_does_not_take_a_short_words_synonym(analyzer):
    """"accountability" stems to "account" (login group): an entry on professional
    accountability must not be offered to someone locked out of their account."""
    login = analyzer.canonical("password")
    assert analyzer.terms("my account")[-1] == login
    assert analyzer.terms("two accounts")[-1] == login
    assert login not in analyzer.terms("professional accountability")


def test_using_mindfulness_informally_is_no_request_for_information(analyzer):
    info = analyzer.canonical("more info")
    assert analyzer.terms("where can I get more information")[-1] == info
    assert info not in analyzer.terms("I use mindfulness informally with clients")
    assert info not in analyzer.terms("informal mindfulness integration")


def test_a_provider_is_a_vendor_not_what_is_provided(analyzer):
    """Stemmed, "providers" is "provide", which asks what is included: "what should we ask
    mindfulness providers to have?" got an entry on what the course includes."""
    included = analyzer.canonical("provided")
    assert analyzer.terms("is a workbook provided")[-1] == included
    assert analyzer.terms("mindfulness providers") == analyzer.terms("mindfulness vendors")
    assert included not in analyzer.terms("which provider should we choose")


def test_account_trouble_is_not_offered_the_ethics_entry():
    matcher = Matcher(load_knowledge(Path("knowledge")))
    result = matcher.match("my account is messed up, where should I ask for help?")
    assert "mcmi-ethics" not in {c.entry.id for c in result.suggestions}
    assert result.band is Band.DECLINE


@pytest.mark.parametrize(
    ("hedged", "plain"),
    [("roughly how long is the course?", "how long is the course?"),
     ("besides the classes, what is required?", "the classes, what is required?"),
     ("apart from the classes, what is required?", "the classes, what is required?"),
     ("no MBSR, despite teaching for ages", "no MBSR, teaching for ages"),
     ("do we coach actual clients?", "do we coach clients?"),
     ("I'll miss a couple of sessions", "I'll miss sessions"),
     ("the MCMI everyone keeps mentioning", "the MCMI"),
     ("how long till I'm certified if I start?", "how long till I'm certified?"),
     ("newbie here, what is MCMI?", "what is MCMI?"),
     ("sorry total noob here, what is MCMI?", "sorry what is MCMI?"),
     ("ethics are a big deal in my line of work, is ethics covered?",
      "ethics are in, is ethics covered?"),
     ("polyvagal stuff matters a lot to me. is it covered?", "polyvagal stuff. is it covered?"),
     ("is it a completely separate approach?", "is it a separate approach?"),
     ("can someone give me an overview of MCMI?", "an overview of MCMI?")],
)
def test_hedges_and_vague_quantities_say_nothing(analyzer, hedged, plain):
    """"roughly", "besides", "a couple of" weigh as much as a rare word if they count, and
    then a plainly answerable question covers too little of any entry."""
    assert analyzer.terms(hedged) == analyzer.terms(plain)


@pytest.mark.parametrize(
    ("said", "meant"),
    [("does a credential make a difference?", "is a credential worth it?"),
     ("is MBSR still a good program to do?", "is MBSR still worth it?"),
     ("what's the point of a formal credential?", "is it worth a formal credential?"),
     ("who stands behind this certificate?", "who recognises this certificate?"),
     ("never did mbsr, does that count against me?", "never did mbsr, am I at a disadvantage?"),
     ("no MBSR on my CV, does that hold me back?", "no MBSR on my CV, does it matter?"),
     ("no MBSR, I feel like an imposter", "no MBSR, I feel at a disadvantage"),
     ("is the course blended?", "is the course online?"),
     ("what's MCMI short for?", "what does MCMI stand for?"),
     ("what is MCMI's full name?", "what does MCMI stand for?"),
     ("exec coaches", "executive coaches"),
     ("any free masterclass?", "any taster session?"),
     ("wat is mbsr", "what is mbsr"),
     ("give me the quick version of MCMI", "give me an overview of MCMI"),
     ("what's on the syllabus?", "what's on the curriculum?"),
     ("what's the link between MBSR and MCMI?", "what's the difference between MBSR and MCMI?"),
     ("what subjects are taught?", "what topics are taught?"),
     ("does it promise work?", "does it guarantee work?"),
     ("who is the target audience?", "who is it aimed at?"),
     ("is it ok for me?", "is it suitable?"),
     ("will I be taught by faculty?", "will I teach by faculty?"),
     ("what if my assessment doesn't pass?", "what if my assessment fails?"),
     ("would it make sense for me?", "would it suit me?"),
     ("what will be different once I'm certified?", "any change once I'm certified?"),
     ("what is IMTA vouching for?", "what does IMTA verify?"),
     ("is ethics part of the curriculum?", "is ethics included in the curriculum?"),
     ("what's in the package?", "what's included?"),
     ("where do I go online to read about it?", "where is the website to read about it?"),
     ("what's MCMI in a few words?", "what's MCMI in a nutshell?"),
     ("Kabat-Zinn's stress reduction course", "Kabat-Zinn's MBSR course"),
     ("what is Jon Kabat-Zinn's program?", "what is MBSR?"),
     ("are they the same course?", "are they different?"),
     ("is membership forever?", "is membership lifetime access?"),
     ("does my certificate stay valid?", "does my certificate expire?"),
     ("a weekend workshop or longer?", "a weekend course or longer?"),
     ("is it trauma informed?", "is it trauma-aware?"),
     ("explain MCMI in simple words", "explain MCMI in a nutshell"),
     ("do I need to buy my own tools?", "are there included tools?"),
     ("anything I should bring?", "should I bring anything?"),
     ("is it all theory?", "is it practical?"),
     ("is MBSR enough to teach?", "does MBSR qualify me to teach?"),
     ("what does it take to teach in schools?", "required to teach in schools?"),
     ("who's the target market for it?", "who's the target audience for it?"),
     ("why do MCMI instead of MBSR?", "why do MCMI versus MBSR?"),
     ("or is it purely theoretical?", "or is it hands-on?"),
     # Coursework is otherwise the assessment topic ("is there coursework?").
     ("a practicum or is it all coursework?", "a practicum or is it hands-on?"),
     ("I've never meditated in my life, can I enrol?", "I'm a total beginner, can I enrol?"),
     ("worried about triggering someone in class", "worried about trauma in class"),
     ("is the MBSR teacher route recognised?", "is MBSR teacher training recognised?"),
     ("I'm an MBSR teacher trainee", "I did the MBSR teacher pathway")],
)
def test_everyday_phrasings_read_as_the_word_an_faq_uses(analyzer, said, meant):
    assert analyzer.terms(said) == analyzer.terms(meant)


def test_two_words_that_open_a_phrase_are_not_joined_into_a_compound(analyzer):
    """"full time" could be joined into the known word "fulltime", which would leave "job"
    alone, read as a question about jobs; as written it is the phrase "full time job"."""
    terms = analyzer.terms("can I do it with a full time job?", correct=True)
    assert analyzer.canonical("part time") in terms
    assert analyzer.canonical("job") not in terms


@pytest.mark.parametrize(
    ("topic", "asking", "not_asking"),
    [("how much", "how much is the course?", "how much of the course is online?"),
     ("start date", "when does the course start?", "can I start teaching my own classes?"),
     ("jobs", "will it get me paid work?", "difference between MBSR and MCMI"),
     ("payment", "can I pay in instalments?", "will it get me paid work?"),
     ("difference", "difference between MBSR and MCMI", "does a credential make a difference?"),
     ("how long", "is it longer than MBSR?", "is it online?"),
     ("how long", "is it a weekend course or does it run for months?",
      "are the sessions at weekends?"),
     ("lunch", "are refreshments provided?", "is there any refresher I need to do later on?"),
     ("start date", "when can I start training?", "can I start charging for repairs?"),
     ("dates", "when is the next open bench taster?", "is there a free taster?"),
     ("job", "can I get a job in the NHS with it?", "what do employers ask for?"),
     ("waitlist", "is there a waiting list?", "how big are the classes?"),
     ("class size", "how big are the classes?", "is there a waiting list?"),
     ("condition", "can it treat anxiety?", "do clients treat you differently once certified?"),
     ("change", "do clients treat you differently once certified?", "can it treat anxiety?"),
     ("apply", "how does someone apply for MCMI?",
      "how does the training apply to executive coaches?"),
     ("apply", "can I apply now?", "does it apply to me?"),
     ("relevant", "how does the training apply to executive coaches?", "how do I apply?")],
)
def test_a_topic_is_read_only_where_it_is_asked(analyzer, topic, asking, not_asking):
    """"How much of" asks for a share, not a price; "start teaching" is no start date; "paid
    work" is a job, not a payment; "make a difference" is worth, not a comparison; "longer"
    asks for a length; clients who "treat you differently" changed, nobody was treated; what a
    training "applies to" is where it is relevant, not an application."""
    term = analyzer.canonical(topic)
    assert term in analyzer.terms(asking)
    assert term not in analyzer.terms(not_asking)


@pytest.mark.parametrize(
    ("question", "asks_for_a_date"),
    [("I did MBSR last year, am I qualified?", False), ("is it 3 months or longer?", False),
     ("do the monthly webinars count?", False), ("which month does it start?", True),
     ("is there an intake next year?", True), ("any dates for 2027?", True)],
)
def test_a_month_or_year_is_a_date_question_only_when_it_asks_when(analyzer, question,
                                                                   asks_for_a_date):
    assert (analyzer.canonical("dates") in analyzer.terms(question)) is asks_for_a_date


def test_another_form_of_a_kb_word_is_not_read_as_a_typo():
    """"meditation" is one edit from the health topic's "medication"; in a KB that says
    "meditated" it is that word's noun, not a typo, so it must not veto every entry."""
    analyzer = Analyzer(Vocabulary(), ["never", "meditated", "before"])
    assert analyzer.correct("meditation") == "meditation"
    assert analyzer.correct("meditatd") == "meditated"  # a real typo is still fixed


@pytest.mark.parametrize(("word", "topic_word"), [
    ("meditation", "medication"), ("cancer", "cancel"), ("reset", "resit"),
    ("status", "states"), ("form", "from"),
])
def test_a_common_english_word_is_not_read_as_a_typo_of_a_topic(analyzer, word, topic_word):
    """Each of these is one edit (or a swap) from a topic or stop word, and each is a word
    people use: "meditation" is not a health condition, "cancer" not a cancellation."""
    assert analyzer.correct(word) == word != topic_word
    assert analyzer.correct("refnd") == "refund"  # a typo of a topic is still fixed


def test_a_curriculum_question_about_meditation_is_not_a_health_question(kb_matcher):
    matcher = kb_matcher(
        "  - id: curriculum\n    question: What will I learn - the curriculum and practice?\n"
        "    answer: Mindfulness teaching, ethics and supervised practice.\n"
    )
    result = matcher.match("is meditation part of the curriculum?")
    assert result.best is not None and not result.best.misses_intent
    assert result.band is not Band.DECLINE


def test_teaching_safely_is_not_a_health_question():
    """"safely" says how to teach; "safe" still asks a health question the FAQ must not
    seem to answer."""
    matcher = Matcher(load_knowledge(Path(__file__).resolve().parents[2] / "knowledge"))
    taught = matcher.match("Does the course show you how to work safely with people who "
                           "have trauma?")
    assert taught.band is Band.ANSWER and taught.entry is not None
    assert taught.entry.id == "mcmi-trauma-aware"
    assert matcher.match("is mindfulness safe for people with PTSD?").band is Band.DECLINE

def test_typos_are_read_as_kb_words_or_topics_not_as_any_builtin_synonym():
    """A real word one edit from a built-in synonym the KB never uses is that real word
    ("content" is not "consent"); a typo of a KB word or of a topic is still fixed."""
    analyzer = Analyzer(Vocabulary(), ["course", "certificate"])
    assert analyzer.correct("content") == "content"
    assert analyzer.correct("injuries") == "injuries"
    assert analyzer.correct("refnd") == "refund"
    assert analyzer.correct("certifcate") == "certificate"


def test_a_slip_of_the_finger_is_undone_towards_any_known_word():
    """A letter pressed twice, or two neighbours swapped, is the commonest slip and rarely
    makes another word, so it is undone towards any known word, built-in synonyms too
    ("standds", "satnds" -> "stands", which only the what-does-it-stand-for phrases use),
    where another edit is only read as a KB word or a topic. A doubled letter may also meet
    another form of a KB word. Real words stay themselves, and short words are not swapped
    ("cat" is no "act")."""
    analyzer = Analyzer(Vocabulary(), ["supervised", "dismissive", "act"])
    assert analyzer.correct("suppervision") == "supervision"
    assert analyzer.correct("dissmissive") == "dismissive"
    assert analyzer.correct("standds") == "stands"
    assert analyzer.correct("satnds") == "stands"
    assert analyzer.correct("soo") == "so"
    assert analyzer.correct("content") == "content"
    assert analyzer.correct("dinner") == "dinner"
    assert analyzer.correct("cat") == "cat"


def test_a_letter_left_out_is_read_as_the_one_known_word_it_leaves_out_of():
    """"stnds" is one letter short of "stands", which only the built-in what-does-it-stand-
    for phrases use (no typo target); a KB's own typo ("trainng") is a known word too, but
    the everyday word is preferred."""
    assert Analyzer(Vocabulary(), []).correct("stnds") == "stands"
    analyzer = Analyzer(Vocabulary(), ["trainng", "training"])
    assert analyzer.correct("traning") == "training"


def _assessment_kb(answer: str, alternate: str) -> str:
    """A two-entry KB: how the course is assessed (with `answer` and one alternate beside
    "is there an assessment") and resits."""
    return ("  - id: assessment\n    question: How is the course assessed?\n"
            f"    answer: {answer}\n"
            f"    alternates: [{alternate}, is there an assessment]\n"
            "  - id: resits\n    question: Can I resit a failed exam?\n"
            "    answer: Yes, once.\n")


def test_a_pass_rate_is_not_how_the_assessment_works(kb_matcher):
    matcher = kb_matcher(_assessment_kb("A written exam and an observed practical.",
                                        "what is the exam like"))
    assert matcher.match("how is the exam marked?").entry is not None
    for question in ("what's the pass rate for the exam?", "how many people pass the exam?"):
        assert matcher.match(question).band is not Band.ANSWER, question


def test_a_pass_mark_is_a_figure_an_entry_gives_or_does_not(kb_matcher):
    """"what's the pass mark for the written exam?" got an assessment entry that names no
    mark; an entry that asks and gives it still answers."""
    silent = kb_matcher(_assessment_kb("A written exam and an observed practical.",
                                       "what is the written exam like"))
    assert silent.match("what is the written exam like?").entry is not None
    assert silent.match("what's the pass mark for the written exam?").band is not Band.ANSWER
    telling = kb_matcher(_assessment_kb(
        "A written exam (pass mark 75%) and an observed practical.", "what is the pass mark"))
    assert telling.match("what's the passing score for the exam?").entry.id == "assessment"


def test_a_course_near_me_asks_where_but_a_school_near_me_only_tells(analyzer):
    located = analyzer.canonical("location")
    assert located in analyzer.terms("where can i find an mbsr course near me")
    assert located not in analyzer.terms("a school near me asked about my credentials")
    assert analyzer.canonical("how long") in analyzer.terms("is it a year-long thing?")


def test_a_share_of_graduates_is_a_statistic_no_entry_gives():
    """"What percentage of grads land institutional contracts?" was answered by the entry on
    why a credential matters, which speaks of institutional contracts but gives no figure."""
    matcher = Matcher(load_knowledge(Path("knowledge")))
    assert matcher.match("how do graduates land institutional contracts?").entry is not None
    for question in ("what percentage of grads land institutional contracts",
                     "what proportion of graduates teach in schools"):
        assert matcher.match(question).band is not Band.ANSWER, question


def test_the_fields_acronyms_meet_their_expansions_without_a_vocabulary_file(kb_matcher):
    matcher = kb_matcher(
        "  - id: act\n    question: Does the course cover ACT?\n"
        "    answer: Yes, ACT and psychological flexibility.\n"
        "  - id: mbsr\n    question: What is MBSR?\n"
        "    answer: An eight-week group programme.\n"
    )
    for question, entry_id in (("is acceptance and commitment therapy covered?", "act"),
                               ("what is mindfulness-based stress reduction?", "mbsr")):
        result = matcher.match(question)
        assert result.entry is not None and result.entry.id == entry_id, question


def test_the_rules_are_not_in_the_entry_about_the_community(kb_matcher):
    matcher = kb_matcher(
        "  - id: circle\n    question: What is The Circle server?\n"
        "    answer: Our graduate community on Discord.\n"
        "    alternates: [what is this discord for, tell me about the circle]\n"
    )
    assert matcher.match("what is the circle server?").entry is not None
    assert matcher.match("what are the rules of the circle server?").band is not Band.ANSWER


def test_how_many_asks_for_a_count_the_entry_must_give(kb_matcher):
    matcher = kb_matcher(
        "  - id: supervised\n    question: Is there supervised teaching practice?\n"
        "    answer: Yes, live supervised teaching practice is part of the course.\n"
        "    alternates: [supervised teaching hours, do we practise teaching]\n"
        "  - id: weeks\n    question: How many weeks is the course?\n"
        "    answer: Twelve weeks.\n"
    )
    assert matcher.match("is there supervised teaching practice?").entry is not None
    assert matcher.match("how many supervised teaching hours are there?").band is not Band.ANSWER
    weeks = matcher.match("how many weeks is it?").entry
    assert weeks is not None and weeks.id == "weeks"


def test_an_answer_that_gives_a_time_span_answers_how_long(kb_matcher):
    """"How long do I have to resubmit?" is answered by the resubmission entry when its
    answer says "within 8 weeks", though no phrasing of it asks how long; an entry whose
    answer gives no span still cannot answer a how-long question."""
    matcher = kb_matcher(
        "  - id: resubmit\n    question: Can I resubmit a failed assessment?\n"
        "    answer: Yes, once, within 8 weeks of your result.\n"
        "  - id: trauma\n    question: What is the trauma-aware module?\n"
        "    answer: Protocols for teaching safely when someone is distressed.\n"
    )
    resubmit = matcher.match("how long do I have to resubmit a failed assessment?").entry
    assert resubmit is not None and resubmit.id == "resubmit"
    assert matcher.match("how long is the trauma-aware module?").band is not Band.ANSWER


def test_emphasis_inside_a_phrase_does_not_break_it(analyzer):
    """"what do I actually get" is the include phrase "what do I get"; "how do I really go
    about" the process idiom. Emphasis words are stop words as well, but for "safely" (it
    is left out to keep it from the health topic, see vocabulary.py)."""
    assert analyzer.terms("what do I actually get") == analyzer.terms("what do I get")
    assert analyzer.terms("how do i really go about it") == analyzer.terms("how do i go about it")
    assert builtin.EMPHASIS_WORDS - {"safely"} <= builtin.STOPWORDS


def test_an_entry_that_says_free_answers_is_it_free(kb_matcher):
    """"Is it free?" is a price question, and price vetoes entries that never speak of one;
    but an entry whose phrasings say "free" may answer it, so it is at least offered. A plain
    cost question still has no entry to answer it."""
    matcher = kb_matcher(
        "  - id: taster\n    question: Is there a free taster class?\n"
        "    answer: Yes, a free 20-minute taster on our website.\n"
        "  - id: length\n    question: How long is the course?\n"
        "    answer: Twelve weeks.\n"
    )
    result = matcher.match("is the taster class free of charge?")
    assert result.band is not Band.DECLINE
    assert result.best is not None and result.best.entry.id == "taster"
    assert not result.best.misses_intent
    assert matcher.match("how much does the course cost?").band is Band.DECLINE


@pytest.mark.parametrize(
    ("text", "not_meant"),
    [("I found MBSR helpful", "founder"), ("a suite of tools", "suitable"),
     ("how do I install the app?", "instalments"), ("weeks 1 and 2 respectively", "legit"),
     ("is it for social workers?", "meetups"), ("are the lectures recorded?", "tutors"),
     ("I have extensive teaching experience", "extension"),
     ("a welcome for incoming students", "job"), ("a mindfulness experiment", "background"),
     ("are trustees elected?", "optional"), ("is it applicable to coaches?", "apply"),
     ("I'm employed as a nurse", "job")],
)
def test_a_word_sharing_a_synonyms_stem_but_not_its_meaning_keeps_its_own(analyzer, text,
                                                                         not_meant):
    assert analyzer.canonical(not_meant) not in analyzer.terms(text)


def test_what_is_included_is_asked_with_question_words_alone(kb_matcher):
    """"What's included?" has no word but question words, yet asks what the course includes;
    "what do I get when I sign up?" asks the same, it names no enrolment question. "Why?" and
    "what is it?" alone still find nothing."""
    matcher = kb_matcher(
        "  - id: included\n    question: What is included in the course?\n"
        "    answer: Faculty, supervised practice and lifetime access to the community.\n"
        "  - id: enrol\n    question: How do I enrol?\n"
        "    answer: Through the website.\n"
        "  - id: why-credential\n    question: Why does a credential matter?\n"
        "    answer: Institutions ask for one.\n"
    )
    for question in ("what's included?", "whats included",
                     "what do I get when I sign up for the course?"):
        result = matcher.match(question)
        assert result.band is Band.ANSWER and result.entry is not None, question
        assert result.entry.id == "included", question
    for question in ("why?", "what is it?"):
        assert matcher.match(question).band is not Band.ANSWER, question


def test_what_is_included_besides_other_words_offers_the_entry_that_asks_it(kb_matcher):
    """"Included" is a question word, but where an entry's own question asks what is
    included it is that entry's subject: "what's included in the programme apart from the
    lessons?" offers it first, though "programme" and "lessons" are not its words."""
    matcher = kb_matcher(
        "  - id: length\n    question: How long is the programme?\n"
        "    answer: Twelve weeks.\n"
        "  - id: included\n    question: What is included in the MCMI Training?\n"
        "    answer: Faculty, supervised practice and lifetime community access.\n"
    )
    result = matcher.match("Whats included in the programme apart from the lessons?")
    assert result.best is not None and result.best.entry.id == "included"


def test_does_it_cost_anything_is_answered_by_the_entry_that_says_free(kb_matcher):
    """"Does the masterclass cost anything?" asks whether it is free, so the entry that says
    it is answers it; asked of something no entry calls free, it is still a price question
    the KB cannot answer."""
    matcher = kb_matcher(
        "  - id: masterclass\n    question: Is there a free masterclass?\n"
        "    answer: Yes, a free 20-minute masterclass on our website.\n"
        "  - id: pausing\n    question: Can I pause my enrolment?\n"
        "    answer: Yes, write to the team.\n"
    )
    result = matcher.match("heard there's a masterclass, does it cost anything?")
    assert result.band is Band.ANSWER and result.entry is not None
    assert result.entry.id == "masterclass"
    assert matcher.match("does pausing my enrolment cost anything?").band is not Band.ANSWER


def test_more_information_is_not_read_as_trauma_informed(analyzer):
    """"informed" and "information" share a stem: with "informed" in the trauma-aware group,
    "more information please" was offered the trauma-aware entry."""
    assert analyzer.terms("is it trauma-informed?") == analyzer.terms("is it trauma aware?")
    assert analyzer.terms("trauma informed") == analyzer.terms("trauma sensitive")
    aware = analyzer.canonical("aware")
    for asking in ("more information please", "any info?", "where can I find out more?"):
        assert aware not in analyzer.terms(asking)
    assert analyzer.terms("keep me informed") == analyzer.terms("keep me posted")


def test_the_teacher_pathway_is_one_term_but_a_teaching_qualification_is_not(analyzer):
    """"MBSR teacher training" names one thing, rarer than teaching or training alone; "a
    teaching qualification" is what a participant asks MBSR is."""
    pathway = analyzer.terms("MBSR teacher training")
    assert analyzer.canonical("teacher training") in pathway
    assert analyzer.canonical("teach") not in pathway
    assert analyzer.canonical("teacher training") not in analyzer.terms(
        "is MBSR a teaching qualification?")
