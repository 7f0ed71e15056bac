"""What unanswered questions are about: the concept table the default grouping analyser uses.

Data only, kept apart from the algorithm in grouping.py so it can be read and extended.

Why a table and not just words: members ask the same thing in words that share nothing
("can I pay monthly" / "instalment plan?" / "could I split the fee"), so grouping needs to know
those words name one topic. The table lists topics any course or community FAQ gets asked
about (money, dates, access, certificates, assessment, accessibility, ...), in general English;
it is not a list of any evaluation file's phrasings, and adding a phrase because one labelled
question used it would only teach the evaluation, not the bot. The honest hold-out
(eval/unanswered-groups-holdout2.yaml) was written first, by the same hand; the phrases the
table shared with it alone were then listed, and those that were idioms of its questions
("ballpark", "middle of the night", "make a living") taken out, plain topic words kept.

Each row's first item is the term every item of the row becomes; matching is on crude stems
(grouping.crude_stem), whole phrases first, longest first, so "how much time" is time, not cost,
and "phone number" is contact, not a device. Hyphenated words arrive joined ("in-person" ->
"inperson") or split, so both are listed where it matters.
"""

from __future__ import annotations

# What a question is about. The analyser repeats these terms (grouping.TOPIC_REPEAT) so they
# outweigh the incidental words around them ("sent", "pdf", "friday").
TOPICS: tuple[tuple[str, ...], ...] = (
    # The course's own length is part of its name ("the 12 week program"): not a question.
    ("", "12 week", "twelve week", "12 weeks", "twelve weeks", "8 week course"),
    # Money.
    ("cost", "how much is", "how much does", "how much do", "how much for", "how much are",
     "how much to", "price", "pricing", "priced", "fee", "tuition", "cost", "expensive",
     "cheap", "afford", "affordable", "charge", "what do you charge", "how much money",
     "currency", "dollar", "pound", "euro", "usd", "gbp", "eur", "aud",
     "cad", "total cost"),
    ("instalment", "installment", "payment plan", "pay monthly", "monthly", "monthly payment",
     "months", "split the payment", "split the cost", "split the fee", "split", "spread the cost",
     "spread", "in parts", "in stages", "upfront", "up front", "all at once", "lump sum",
     "in full", "pay later", "finance", "financing", "direct debit", "pay over"),
    ("refund", "money back", "reimburse", "reimbursed", "reimbursement", "refundable",
     "non refundable", "nonrefundable", "get my money", "cooling off",
     "cancellation policy", "chargeback"),
    ("defer", "deferral", "postpone", "pause", "on hold", "take a break", "break midway",
     "later group", "later cohort", "transfer", "switch cohort",
     "move to the next", "rejoin", "resume", "freeze", "leave of absence",
     "interrupt", "hold my place", "keep my place"),
    ("discount", "concession", "early bird", "reduced rate", "reduced", "coupon", "promo",
     "promo code", "voucher", "student rate", "special offer", "sale", "cheaper"),
    ("scholarship", "bursary", "bursaries", "financial aid", "funding", "funded",
     "cant afford", "grant", "sponsorship", "hardship", "low income", "subsidy", "subsidised",
     "subsidized"),
    ("invoice", "receipt", "vat", "tax invoice", "proof of payment", "billing", "bill",
     "purchase order", "tax deductible"),
    # Dates and time.
    ("start", "begin", "commence", "start date", "intake", "upcoming", "kick off",
     "next cohort start", "when does it run", "next run", "next course run", "course run",
     "starting date", "when is the next"),
    ("duration", "how long", "long", "12 weeks long", "length", "how many weeks",
     "how many months", "weeks long",
     "months long", "take to complete", "does it last", "how long does it last", "end date",
     "when does it end", "finish date"),
    ("weekly", "how much time", "how much study", "per week", "a week", "each week", "week",
     "weekly", "commitment", "time commitment", "workload", "full time", "part time",
     "alongside", "alongside a job", "while working", "with a job", "fit around", "manageable",
     "study time", "hours a week", "busy"),
    ("deadline", "last date", "too late", "how late", "close", "closing date", "closes",
     "cut off", "cutoff", "apply by", "last chance"),
    ("timezone", "time zone", "timezones", "est", "pst", "cet", "gmt", "bst", "utc", "cst",
     "aest", "ist", "uk time", "us time", "what time", "times", "hour for", "local time",
     "my time", "time difference", "eastern",
     "central european", "asia", "australia", "america", "europe", "european", "morning",
     "evening", "am or pm"),
    ("weekday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "weekend", "weekends", "weekdays", "which day", "what day", "what days", "day of the week",
     "days of the week", "which days"),
    ("recording", "recorded", "replay", "replays", "playback", "on demand", "watch later",
     "watch it later", "catch up", "miss a session", "miss a live", "miss a class", "missed",
     "miss", "make every session", "cant make", "absent"),
    # Format and place.
    ("online", "in person", "inperson", "remotely", "remote", "virtual", "zoom", "face to face",
     "classroom", "travel", "on site", "onsite", "attend in person", "distance learning",
     "from home", "location", "venue", "where is it held", "where is it"),
    ("retreat", "residential", "accommodation", "overnight", "stay over",
     "lodging", "intensive"),
    ("visa", "immigration", "entry clearance", "work permit"),
    ("size", "how many people", "how many students", "how many participants", "how big",
     "participants", "per cohort", "per intake", "each cohort",
     "class size", "group size", "cohort size", "small group", "ratio",
     "big group", "large group"),
    ("language", "english", "spanish", "german", "french", "italian", "portuguese", "dutch",
     "polish", "chinese", "mandarin", "japanese", "arabic", "hindi", "russian", "translated",
     "translation", "taught in", "interpreter", "native speaker", "non native", "fluent",
     "fluency", "languages"),
    # People.
    ("faculty", "teachers on",
     "lead teachers", "who teaches", "who will teach", "who will be teaching", "who is teaching",
     "teaching us", "teach us", "teaching team", "trainer", "tutor", "instructor", "lecturer",
     "facilitator", "who leads", "who runs", "teaching faculty", "teaching staff"),
    ("mentor", "mentoring", "mentorship", "supervision", "supervisor", "one to one",
     "1 1", "personal tutor", "coach", "coaching"),
    ("contact", "contact", "get in touch", "email address", "phone number", "speak to someone",
     "talk to someone", "reach you", "admissions team", "support team", "whatsapp", "helpdesk",
     "help desk", "customer service"),
    # Access to the platform and to the course.
    ("login", "log in", "log into", "login", "sign in", "signin", "password", "reset password",
     "account", "username", "user name", "cant get in",
     "cant access", "two factor", "2fa", "verification code"),
    ("device", "computer", "laptop", "tablet", "phone", "mobile", "smartphone",
     "android", "internet", "wifi", "bandwidth", "broadband", "browser", "webcam",
     "camera", "microphone", "tech requirements", "technical requirements",
     "system requirements", "software", "hardware", "chromebook", "mac", "windows"),
    ("accessibility", "accessible", "accessibility", "disability", "disabled", "deaf",
     "hard of hearing", "hearing impaired", "blind", "visually impaired",
     "wheelchair", "dyslexia", "dyslexic", "neurodivergent",
     "autism", "autistic", "captions", "captioned", "subtitles", "transcript", "screen reader",
     "reasonable adjustments", "adjustments", "special needs",
     "learning difficulty", "mobility"),
    ("prerequisite", "prerequisites", "entry requirements", "admission requirements",
     "requirements to join", "prior experience", "no experience", "beginner", "beginners",
     "eligible", "eligibility",
     "own practice", "personal practice", "qualified enough", "background needed"),
    # Certificates and what they are worth.
    ("certificate", "cert", "certficate", "paper certificate", "diploma", "credential",
     "certificates"),
    ("delivery", "post", "posted", "by post", "mail", "mailed", "ship", "shipping", "shipped",
     "deliver", "delivered", "courier", "sent", "send", "arrive", "arrived", "receive",
     "received", "hard copy", "printed", "print", "paper copy", "physical copy", "pdf",
     "digital", "electronic", "abroad", "tracking"),
    ("name correction", "misspelled", "misspelt", "spelling",
     "wrong name", "my name", "change my name", "name change", "change the name",
     "maiden name", "correct name", "correction", "corrected", "reissue",
     "reissued", "amend", "amended", "first name", "last name", "full name"),
    ("accredited", "accredit", "accreditation", "recognised", "recognized", "recognition",
     "approved", "endorsed", "regulated", "professional body", "governing body",
     "accrediting body", "bamba", "ukcp", "iapa"),
    ("cpd", "cpd points", "cpd hours", "cpd credits", "continuing professional development",
     "ce credits", "ceu", "ceus", "ce units", "continuing education", "credits", "points"),
    ("insurance", "insured", "insurer", "insurers", "liability", "indemnity",
     "professional indemnity", "malpractice", "insurance cover"),
    ("job", "job placement", "career", "careers", "employment", "employer", "employers",
     "work teaching", "get work", "find work", "placement", "hire", "hiring", "income",
     "earn", "earning", "salary", "prospects",
     "opportunities", "graduates"),
    ("children", "child", "kids", "teens", "teenagers", "young people", "schools", "school",
     "pupils", "students in school", "classroom teachers"),
    # Course work.
    ("assessment", "assessed", "exam", "exams", "examination", "fail", "failed", "pass",
     "passed", "resubmit", "resubmission", "retake", "resit", "re sit", "grade", "graded",
     "marked", "marking", "final project", "evaluation"),
    ("assignment", "assignments", "homework", "essay", "essays", "coursework", "submission",
     "submit", "hand in", "written work", "reading response"),
    ("extension", "extend", "extended", "more time", "extra time", "late submission",
     "submit late", "catch up on work", "overdue"),
    ("reading", "reading list", "books", "book", "textbook", "textbooks", "literature",
     "recommended reading", "read", "reading material", "bibliography"),
    ("alumni", "alumnus", "graduate community", "after graduating", "stay in touch",
     "community after", "membership", "member benefits"),
    ("age", "minimum age", "too old", "age limit", "how old", "years old", "under 18",
     "over 60", "retired"),
    ("hours", "hour", "hrs", "contact hours", "total hours", "guided hours"),
)

# Topics that often only qualify a narrower one: the price *of the early bird rate*, the start
# *of the sessions* or *of a deferral*, the certificate *by post*, the hours *of CPD*. They count
# for less (grouping.BROAD_TOPIC_REPEAT), so the narrower topic decides the group.
BROAD_TOPICS = frozenset({"cost", "start", "certificate", "hours"})

# Words that mean the same without naming a topic: merged, but weighted like any other word.
EQUIVALENTS: tuple[tuple[str, ...], ...] = (
    # Leaving and applying come with the topic that matters ("cancel and get a refund",
    # "apply for a bursary", "how much to enrol"), so they weigh like plain words.
    ("withdraw", "cancel", "cancellation", "drop out", "dropout", "quit", "leave the course",
     "pull out", "cant continue", "stop the course"),
    ("apply", "application", "sign up", "enroll", "enrol", "register", "registration",
     "admission", "admissions", "how do i join", "book a place", "book my place"),
    ("session", "session", "class", "call", "live call", "lesson", "meeting", "meet",
     "live session", "live class", "webinar", "seminar", "workshop"),
    ("platform", "portal", "app", "website", "site", "web site", "learning platform", "lms",
     "moodle", "online portal"),
    ("month", "january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december", "jan", "feb", "sept", "oct", "nov",
     "dec", "spring", "summer", "autumn", "fall", "winter"),
    ("pay", "pay", "paying", "payment", "payments", "paid"),
    ("workplace", "my employer", "my company", "my work", "my workplace", "my organisation",
     "my organization"),
)
