"""Starter catalogue: the common services of commune/sangkat offices and One Window Service Offices.

No official fee or processing time is entered here: none was available from a cited source when
this was written, so they stay empty ("fee not yet published") and ``source`` stays empty until an
administrator enters a published fee with its source (README.md). Documents are the ones commonly
asked for; offices may ask for others. Administrators edit all of this in the admin.
"""

from django.db import migrations

NOTE_KM = "តម្លៃសេវាផ្លូវការមិនទាន់បានផ្សព្វផ្សាយក្នុងបញ្ជីនេះនៅឡើយទេ។ សូមស្នើឱ្យការិយាល័យបង្ហាញតារាងតម្លៃសេវារបស់ខ្លួន។"
NOTE_EN = "The official fee is not yet published in this catalogue. Ask the office to show you its fee table."

ID_CARD = ("អត្តសញ្ញាណប័ណ្ណសញ្ជាតិខ្មែរ", "Khmer national identity card")
FAMILY_BOOK = ("សៀវភៅគ្រួសារ ឬសៀវភៅស្នាក់នៅ", "Family book or residence book")
APPLICATION = ("ពាក្យស្នើសុំ", "Application form")

SERVICES = [
    # code, office types, km, en, documents [(km, en)]
    ("birth-certificate", ["commune"], "សំបុត្រកំណើត", "Birth certificate", [
        ("លិខិតបញ្ជាក់កំណើតពីមន្ទីរពេទ្យ មណ្ឌលសុខភាព ឬឆ្មប (បើមាន)",
         "Birth notification from the hospital, health centre or midwife (if any)"),
        ("អត្តសញ្ញាណប័ណ្ណរបស់ឪពុកម្ដាយ", "Identity cards of the parents"),
        FAMILY_BOOK,
    ]),
    ("death-certificate", ["commune"], "សំបុត្រមរណភាព", "Death certificate", [
        ("លិខិតបញ្ជាក់មរណភាពពីមន្ទីរពេទ្យ មណ្ឌលសុខភាព ឬមេភូមិ",
         "Death notification from the hospital, health centre or village chief"),
        ("អត្តសញ្ញាណប័ណ្ណរបស់អ្នកទទួលមរណភាព", "Identity card of the deceased"),
        ("អត្តសញ្ញាណប័ណ្ណរបស់អ្នកប្រកាស", "Identity card of the person declaring the death"),
        FAMILY_BOOK,
    ]),
    ("marriage-certificate", ["commune"], "សំបុត្រអាពាហ៍ពិពាហ៍", "Marriage certificate", [
        ("អត្តសញ្ញាណប័ណ្ណរបស់គូស្វាមីភរិយាទាំងពីរនាក់", "Identity cards of both spouses"),
        ("សំបុត្រកំណើតរបស់គូស្វាមីភរិយាទាំងពីរនាក់", "Birth certificates of both spouses"),
        FAMILY_BOOK,
    ]),
    ("residence-certification", ["commune"], "លិខិតបញ្ជាក់ទីលំនៅ", "Residence certification", [
        ID_CARD,
        FAMILY_BOOK,
    ]),
    ("civil-registration-copy", ["commune"], "សេចក្ដីចម្លងសំបុត្រអត្រានុកូលដ្ឋាន",
     "Copy of a civil registration certificate (birth, death, marriage)", [
        ("សំបុត្រដើម ឬលេខ និងកាលបរិច្ឆេទនៃសំបុត្រ", "The original certificate, or its number and date"),
        ID_CARD,
    ]),
    ("document-copy-certification", ["commune"], "ការបញ្ជាក់ច្បាប់ចម្លងឯកសារ",
     "Certification of copies of documents", [
        ("ឯកសារដើម និងច្បាប់ចម្លង", "The original document and its copies"),
        ID_CARD,
    ]),
    ("other-certification", ["commune"], "លិខិតបញ្ជាក់ផ្សេងៗ", "Other certification letters", [
        ID_CARD,
        ("ឯកសារពាក់ព័ន្ធនឹងអ្វីដែលត្រូវបញ្ជាក់", "Documents about what is to be certified"),
    ]),
    ("business-permit", ["owso"], "លិខិតអនុញ្ញាតប្រកបអាជីវកម្ម", "Business and commerce permits", [
        APPLICATION,
        ID_CARD,
        ("កិច្ចសន្យាជួល ឬភស្តុតាងនៃសិទ្ធិប្រើប្រាស់ទីតាំង", "Lease or other proof of the right to use the premises"),
    ]),
    ("small-construction-permit", ["owso"], "លិខិតអនុញ្ញាតសាងសង់សំណង់ខ្នាតតូច",
     "Construction permit for a small building", [
        APPLICATION,
        ID_CARD,
        ("ប័ណ្ណកម្មសិទ្ធិដីធ្លី ឬលិខិតបញ្ជាក់ការកាន់កាប់ដីធ្លី", "Land title or certificate of land possession"),
        ("ប្លង់សំណង់", "Building plans"),
    ]),
    ("transport-services", ["owso"], "សេវាពាក់ព័ន្ធនឹងការដឹកជញ្ជូន", "Transport-related services", []),
    ("owso-certification", ["owso"], "ការបញ្ជាក់ឯកសារនៅការិយាល័យច្រកចេញចូលតែមួយ",
     "Certifications at the One Window Service Office", [
        ID_CARD,
        ("ឯកសារដើម និងច្បាប់ចម្លង", "The original document and its copies"),
    ]),
]


def load(apps, schema_editor):
    Service = apps.get_model("catalogue", "Service")
    for code, office_types, km, en, documents in SERVICES:
        Service.objects.get_or_create(
            code=code,
            defaults={
                "name_km": km,
                "name_en": en,
                "office_types": office_types,
                "official_fee_riel": None,
                "processing_days": None,
                "fee_note_km": NOTE_KM,
                "fee_note_en": NOTE_EN,
                "required_documents_km": "\n".join(doc[0] for doc in documents),
                "required_documents_en": "\n".join(doc[1] for doc in documents),
                "source": "",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
