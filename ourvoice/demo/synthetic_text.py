"""The sentences of synthetic reports: real public-service situations, in Khmer and English.

Each category has a few sentences a citizen might write; a description is one of them, sometimes
followed by a closing sentence in the same language. The pool of descriptions is small (a few
hundred), so its search keys are computed once per description (``feedback_search_values``) and
reused for every report that draws it. Fee reports name a public service with an official fee;
the fees here are illustrative figures for demos, not the published schedule.
"""

# (category code) -> sentences; about four in five reports are written in Khmer.
SENTENCES_KM: dict[str, tuple[str, ...]] = {
    "unofficial-fee": (
        "មន្ត្រីនៅបញ្ជរបានទារប្រាក់ ២០ ០០០ រៀល សម្រាប់លិខិតបញ្ជាក់ទីលំនៅ ដោយមិនផ្ដល់បង្កាន់ដៃ។",
        "ខ្ញុំត្រូវបង់ប្រាក់បន្ថែម ដើម្បីឱ្យគេធ្វើសំបុត្រកំណើតឱ្យកូនខ្ញុំបានលឿន។",
        "គេប្រាប់ថាសេវានេះឥតគិតថ្លៃ ប៉ុន្តែមន្ត្រីបានទារលុយ ១០ ០០០ រៀល។",
        "អ្នកកណ្ដាលម្នាក់បានទារលុយ ដើម្បីដាក់ឯកសាររបស់ខ្ញុំមុនគេ។",
    ),
    "slow-service": (
        "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលបីសប្ដាហ៍ហើយ តែនៅមិនទាន់បានទទួលនៅឡើយ។",
        "ការស្នើសុំលិខិតអនុញ្ញាតសាងសង់របស់ខ្ញុំ ហួសពេលកំណត់ជាងមួយខែហើយ។",
        "ខ្ញុំបានមកការិយាល័យបីដងហើយ ប៉ុន្តែឯកសាររបស់ខ្ញុំនៅតែមិនទាន់រួចរាល់។",
        "សៀវភៅគ្រួសាររបស់ខ្ញុំមិនទាន់រួចរាល់ ទោះបីគេសន្យាថាមួយសប្ដាហ៍ក៏ដោយ។",
    ),
    "staff-conduct": (
        "មន្ត្រីនៅបញ្ជរនិយាយមិនគួរសម ហើយមិនព្រមពន្យល់ពីឯកសារដែលត្រូវការ។",
        "គ្មាននរណាម្នាក់នៅការិយាល័យក្នុងម៉ោងធ្វើការ នៅព្រឹកថ្ងៃចន្ទទេ។",
        "មន្ត្រីលេងទូរស័ព្ទ ហើយឱ្យប្រជាពលរដ្ឋរង់ចាំយូរ។",
    ),
    "discrimination": (
        "គេមិនព្រមបម្រើខ្ញុំ ព្រោះខ្ញុំជាជនពិការ ហើយការិយាល័យគ្មានផ្លូវឡើងសម្រាប់រទេះរុញ។",
        "មន្ត្រីបានបម្រើអ្នកស្គាល់គ្នាមុន ទោះបីខ្ញុំមកដល់មុនក៏ដោយ។",
        "គេប្រាប់មនុស្សចាស់ឱ្យត្រឡប់មកវិញនៅថ្ងៃផ្សេង។",
    ),
    "sexual-harassment": (
        "មន្ត្រីម្នាក់បាននិយាយពាក្យមិនសមរម្យមកកាន់ខ្ញុំ នៅពេលខ្ញុំមកស្នើសុំឯកសារ។",
        "មន្ត្រីម្នាក់បានសុំលេខទូរស័ព្ទខ្ញុំ ហើយផ្ញើសារមិនសមរម្យ។",
    ),
    "gender-based-violence": (
        "ខ្ញុំត្រូវការជំនួយ ដោយសារប្ដីរបស់ខ្ញុំប្រើអំពើហិង្សាលើខ្ញុំ ហើយមេភូមិមិនព្រមជួយ។",
        "ខ្ញុំបានរាយការណ៍អំពីអំពើហិង្សាក្នុងគ្រួសារ តែគេប្រាប់ឱ្យដោះស្រាយគ្នាក្នុងគ្រួសារ។",
    ),
    "bribery-named-person": (
        "មន្ត្រីទទួលបន្ទុកបានទារលុយ ១០០ ដុល្លារ ដើម្បីចុះហត្ថលេខាលើលិខិតអនុញ្ញាតរបស់ខ្ញុំ។",
        "ប្រធានការិយាល័យបានទារប្រាក់ ដើម្បីបញ្ជាក់ប្លង់ដីរបស់ខ្ញុំ។",
    ),
    "other-complaint": (
        "ការិយាល័យមិនបានបិទផ្សាយតារាងតម្លៃសេវា និងរយៈពេលផ្ដល់សេវាទេ។",
        "បង្គន់នៅការិយាល័យឃុំខូច ហើយគ្មានកន្លែងអង្គុយរង់ចាំ។",
        "ទម្រង់បែបបទមានតែភាសាបរទេស ហើយគ្មាននរណាជួយបំពេញ។",
    ),
    "obtain-service": (
        "ខ្ញុំត្រូវការជំនួយដើម្បីធ្វើអត្តសញ្ញាណប័ណ្ណ សម្រាប់ម្ដាយខ្ញុំដែលមានវ័យចំណាស់។",
        "សូមជួយខ្ញុំស្នើសុំសៀវភៅគ្រួសារ ព្រោះខ្ញុំទើបផ្លាស់មករស់នៅក្នុងឃុំនេះ។",
        "ខ្ញុំចង់ចុះបញ្ជីហាងលក់ទំនិញតូចមួយ តែមិនដឹងត្រូវទៅការិយាល័យណា។",
    ),
    "resolve-problem": (
        "ឈ្មោះរបស់ខ្ញុំនៅក្នុងសំបុត្រកំណើតសរសេរខុស សូមជួយកែតម្រូវ។",
        "ដីរបស់ខ្ញុំមានវិវាទជាមួយអ្នកជិតខាង សូមជួយសម្របសម្រួល។",
        "ផ្លូវចូលភូមិខូចខាតខ្លាំង ក្រោយទឹកជំនន់ សូមជួយជួសជុល។",
    ),
    "documents": (
        "តើត្រូវការឯកសារអ្វីខ្លះ ដើម្បីស្នើសុំលិខិតបញ្ជាក់ទីលំនៅ?",
        "តើខ្ញុំត្រូវយកឯកសារអ្វីខ្លះ ដើម្បីចុះបញ្ជីអាពាហ៍ពិពាហ៍?",
        "តើត្រូវការឯកសារអ្វីខ្លះ ដើម្បីស្នើសុំលិខិតអនុញ្ញាតសាងសង់?",
    ),
    "fees": (
        "តើសំបុត្រកំណើតត្រូវបង់ថ្លៃសេវាប៉ុន្មាន?",
        "តើការបញ្ជាក់ច្បាប់ចម្លងឯកសារ មានតម្លៃប៉ុន្មានក្នុងមួយទំព័រ?",
        "តើលិខិតអនុញ្ញាតប្រកបអាជីវកម្មត្រូវបង់ថ្លៃប៉ុន្មាន?",
    ),
    "processing-time": (
        "តើការស្នើសុំលិខិតអនុញ្ញាតសាងសង់ ចំណាយពេលប៉ុន្មានថ្ងៃ?",
        "តើសំបុត្រកំណើតចំណាយពេលប៉ុន្មានថ្ងៃទើបរួចរាល់?",
    ),
    "other-information": (
        "តើការិយាល័យឃុំបើកធ្វើការនៅថ្ងៃសៅរ៍ដែរឬទេ?",
        "តើការិយាល័យច្រកចេញចូលតែមួយ បើកម៉ោងប៉ុន្មាន?",
    ),
    "service-evaluation": (
        "មន្ត្រីបានបម្រើខ្ញុំយ៉ាងរហ័ស និងគួរសម។",
        "ការិយាល័យស្អាត ប៉ុន្តែខ្ញុំត្រូវរង់ចាំយូរបន្តិច។",
        "ការពន្យល់អំពីថ្លៃសេវាមិនច្បាស់លាស់ទេ។",
        "ខ្ញុំទទួលបានសំបុត្រកំណើតទាន់ពេល និងមានបង្កាន់ដៃត្រឹមត្រូវ។",
    ),
}
SENTENCES_EN: dict[str, tuple[str, ...]] = {
    "unofficial-fee": ("I was asked to pay 50,000 riel for a construction permit stamp and got no receipt.",),
    "slow-service": ("My application for a family book has been pending for two months without any news.",),
    "staff-conduct": ("Nobody was at the office during opening hours on Monday morning.",),
    "discrimination": ("Staff served people they knew first and told elderly people to come back later.",),
    "sexual-harassment": ("A staff member made unwelcome comments and asked for my phone number.",),
    "gender-based-violence": (
        "I reported violence at home but the official told me to settle it in the family.",
    ),
    "bribery-named-person": ("The officer in charge demanded 100 dollars to sign my business permit.",),
    "other-complaint": ("The office has no price list on display and the waiting area has no seats.",),
    "obtain-service": ("I need help to register my small shop; I do not know which office to go to.",),
    "resolve-problem": ("My name is misspelled on my birth certificate and I need it corrected.",),
    "documents": ("Which documents do I need to register a small business?",),
    "fees": ("How much does a construction permit for a small house cost?",),
    "processing-time": ("How long does a construction permit take?",),
    "other-information": ("What are the opening hours of the One Window Service Office?",),
    "service-evaluation": ("The staff were polite and the service was quick.",),
}
CLOSING_KM = ("សូមជួយពិនិត្យ និងដោះស្រាយឱ្យបានឆាប់។", "អរគុណច្រើន។")
CLOSING_EN = ("Please look into this as soon as possible.",)
GENERIC_KM = ("ខ្ញុំចង់ផ្ដល់មតិយោបល់អំពីសេវាសាធារណៈនៅក្នុងឃុំរបស់ខ្ញុំ។",)

# Public services with an (illustrative) official fee in riel, for fee reports.
FEE_SERVICES: tuple[tuple[str, int], ...] = (
    ("សំបុត្រកំណើត", 0),
    ("លិខិតបញ្ជាក់ទីលំនៅ", 5_000),
    ("ការបញ្ជាក់ច្បាប់ចម្លងឯកសារ", 2_000),
    ("សៀវភៅគ្រួសារ", 4_000),
    ("លិខិតអនុញ្ញាតសាងសង់សំណង់ខ្នាតតូច", 100_000),
    ("លិខិតអនុញ្ញាតប្រកបអាជីវកម្ម", 60_000),
    ("Birth certificate", 0),
    ("Residence certificate", 5_000),
)


def descriptions(code: str) -> list[str]:
    """Every description a report of category ``code`` may carry (one sentence, or one and a closing)."""
    khmer = SENTENCES_KM.get(code, GENERIC_KM)
    english = SENTENCES_EN.get(code, ())
    # Four Khmer descriptions for each English one, as in the pilot's reports.
    pool = [s for s in khmer for _ in range(2)] + [f"{s} {c}" for s in khmer for c in CLOSING_KM]
    english_pool = [*english, *(f"{s} {c}" for s in english for c in CLOSING_EN)]
    return pool + english_pool * max(1, len(pool) // (4 * max(1, len(english_pool))))


# The dialogue of a case (messaging): what the office answers when it resolves a case, what it
# asks when it waits for the citizen, and the citizen's answer; about four in five in Khmer.
REPLIES_KM = (
    "សូមអរគុណសម្រាប់របាយការណ៍របស់អ្នក។ យើងបានពិនិត្យ និងដោះស្រាយបញ្ហានេះរួចហើយ។",
    "ឯកសាររបស់អ្នករួចរាល់ហើយ។ សូមអញ្ជើញមកទទួលនៅបញ្ជរ ក្នុងម៉ោងធ្វើការ។",
    "យើងបានណែនាំមន្ត្រីពាក់ព័ន្ធ ហើយប្រាក់ដែលបានបង់លើសនឹងត្រូវប្រគល់ជូនវិញ។",
    "ព័ត៌មានដែលអ្នកស្នើសុំ៖ សេវានេះត្រូវការអត្តសញ្ញាណប័ណ្ណ និងសៀវភៅគ្រួសារ ហើយចំណាយពេលប្រាំថ្ងៃធ្វើការ។",
    "យើងបានបញ្ជូនករណីនេះទៅមន្ត្រីទទួលបន្ទុក ហើយបញ្ហាត្រូវបានដោះស្រាយ។ សូមអរគុណ។",
)
REPLIES_EN = (
    "Thank you for your report. We looked into it and the problem is now solved.",
    "Your document is ready: please collect it at the counter during office hours.",
)
QUESTIONS_KM = (
    "សូមប្រាប់យើងពីកាលបរិច្ឆេទ ដែលអ្នកបានមកការិយាល័យ។",
    "តើអ្នកនៅមានបង្កាន់ដៃ ឬលេខឯកសារដែរឬទេ?",
)
QUESTIONS_EN = ("Could you tell us on which day you came to the office?",)
ANSWERS_KM = ("ខ្ញុំបានមកកាលពីថ្ងៃចន្ទមុន នៅពេលព្រឹក។", "ខ្ញុំគ្មានបង្កាន់ដៃទេ ព្រោះគេមិនបានផ្ដល់ឱ្យ។")
ANSWERS_EN = ("I came last Monday morning.",)
