"""Starter categories and guided questions; administrators edit them in the admin.

``about_office`` here is what migration 0007 sets on databases made before it (unofficial fees and
sensitive topics are by nature about the office), so that a fresh database, and the tests that
load these categories again after emptying the tables, get the same flags.
"""

from django.db import migrations

CATEGORIES = [
    # kind, code, en, km, flags, questions
    ("complaint", "unofficial-fee", "Asked to pay more than the official fee",
     "ត្រូវបានទារប្រាក់លើសថ្លៃសេវាផ្លូវការ", {"asks_fee": True, "about_office": True},
     [("who_asked", "Who asked for the money?", "តើនរណាជាអ្នកទារប្រាក់?", "choice", False,
       [("counter_staff", "Staff at the counter", "មន្ត្រីនៅបញ្ជរ"),
        ("officer", "The officer in charge", "មន្ត្រីទទួលបន្ទុក"),
        ("intermediary", "An intermediary", "អ្នកកណ្ដាល"),
        ("other", "Someone else", "អ្នកផ្សេងទៀត")])]),
    ("complaint", "slow-service", "Slow service or a missed deadline",
     "សេវាយឺត ឬហួសពេលកំណត់", {},
     [("days_waited", "How many days did you wait?", "តើអ្នកបានរង់ចាំប៉ុន្មានថ្ងៃ?", "number", False, []),
      ("told_deadline", "Were you told when it would be ready?", "តើគេបានប្រាប់អ្នកថាពេលណានឹងរួចរាល់ទេ?",
       "yesno", False, [])]),
    ("complaint", "staff-conduct", "Rude, absent or unhelpful staff",
     "មន្ត្រីមិនគួរសម អវត្តមាន ឬមិនជួយ", {"about_office": True},
     [("what_happened", "What happened?", "តើមានអ្វីកើតឡើង?", "choice", False,
       [("rude", "Staff were rude", "មន្ត្រីមិនគួរសម"),
        ("absent", "Nobody was there during opening hours", "គ្មាននរណានៅក្នុងម៉ោងធ្វើការ"),
        ("refused", "They refused to serve me", "គេបដិសេធមិនផ្ដល់សេវា"),
        ("other", "Something else", "រឿងផ្សេងទៀត")])]),
    ("complaint", "discrimination", "Discrimination", "ការរើសអើង", {"about_office": True}, []),
    ("complaint", "sexual-harassment", "Sexual harassment", "ការបៀតបៀនផ្លូវភេទ",
     {"is_sensitive": True, "about_office": True}, []),
    ("complaint", "gender-based-violence", "Gender-based violence", "អំពើហិង្សាផ្អែកលើយេនឌ័រ",
     {"is_sensitive": True, "about_office": True}, []),
    ("complaint", "bribery-named-person", "Bribery by a named person", "ការស៊ីសំណូកដោយបុគ្គលជាក់លាក់",
     {"is_sensitive": True, "asks_fee": True, "about_office": True}, []),
    ("complaint", "other-complaint", "Another problem with a service", "បញ្ហាផ្សេងទៀតអំពីសេវា", {}, []),
    ("support", "obtain-service", "Help to obtain a service", "ជំនួយដើម្បីទទួលបានសេវា", {},
     [("service_wanted", "Which service do you need?", "តើអ្នកត្រូវការសេវាអ្វី?", "text", True, [])]),
    ("support", "resolve-problem", "Help to resolve a problem", "ជំនួយដោះស្រាយបញ្ហា", {}, []),
    ("information", "documents", "Which documents are needed", "ឯកសារដែលត្រូវការ", {},
     [("service_asked", "For which service?", "សម្រាប់សេវាអ្វី?", "text", False, [])]),
    ("information", "fees", "What a service costs", "ថ្លៃសេវា", {},
     [("service_asked", "For which service?", "សម្រាប់សេវាអ្វី?", "text", False, [])]),
    ("information", "processing-time", "How long a service takes", "រយៈពេលផ្ដល់សេវា", {}, []),
    ("information", "other-information", "Other information", "ព័ត៌មានផ្សេងទៀត", {}, []),
    ("evaluation", "service-evaluation", "A service I used", "សេវាដែលខ្ញុំបានប្រើ", {"asks_fee": True}, []),
]


def load(apps, schema_editor):
    Category = apps.get_model("feedback", "Category")
    Question = apps.get_model("feedback", "Question")
    for order, (kind, code, en, km, flags, questions) in enumerate(CATEGORIES):
        category, _ = Category.objects.update_or_create(
            code=code, defaults={"kind": kind, "name_en": en, "name_km": km, "order": order, **flags}
        )
        for q_order, (q_code, q_en, q_km, datatype, required, choices) in enumerate(questions):
            Question.objects.update_or_create(
                category=category,
                code=q_code,
                defaults={
                    "label_en": q_en,
                    "label_km": q_km,
                    "datatype": datatype,
                    "required": required,
                    "order": q_order,
                    "choices": [{"value": v, "en": e, "km": k} for v, e, k in choices],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
