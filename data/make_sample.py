"""Write the sample forum: a WSIS Forum week in Geneva (CICG and ITU headquarters).

    python data/make_sample.py

writes `data/wsis-forum.xlsx` (Forum, Rooms, Themes, Facilitators, Sessions) and
`constraints/wsis-forum.xlsx` (Unavailability, Rules, Weights). The output is deterministic:
running the script again gives byte-identical files. Needs only the standard library and openpyxl.

The week follows the pattern of real WSIS Forum editions: an opening ceremony and high-level policy
statements on Monday morning in CICG Room 1, one facilitation meeting per action line (C1-C11 and
the eight C7 sub-lines) organised by its UN facilitator, thematic and country workshops,
interactive sessions and knowledge cafés in parallel at CICG and ITU headquarters, the WSIS Prizes
ceremony and a ministerial round table mid-week, and on Friday afternoon the annual meeting of the
action line facilitators followed by the closing ceremony. People and e-mail addresses are
fictitious.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, time
from pathlib import Path

from forum_scheduler.sheetwriter import CONTRACT_COLUMNS, write_sheets

ROOT = Path(__file__).resolve().parent.parent
DATA_PATH = ROOT / "data" / "wsis-forum.xlsx"
CONSTRAINTS_PATH = ROOT / "constraints" / "wsis-forum.xlsx"

FIRST_DAY = date(2026, 5, 4)  # a Monday

# --------------------------------------------------------------------------------------------
# Forum settings
# --------------------------------------------------------------------------------------------

FORUM = [
    ("name", "WSIS Forum 2026"),
    ("first_day", FIRST_DAY),
    ("days", 5),
    ("day_start", time(9, 0)),
    ("day_end", time(18, 15)),
    # The WSIS Forum's day: blocks 09:00-10:45, 11:00-12:45, a lunch-time slot 13:15-14:00,
    # 14:30-16:15 and 16:30-18:15, each room cleared in the 15 minutes between two sessions.
    ("breaks", "12:45-13:15; 14:00-14:30"),
    ("slot_minutes", 15),
    ("timezone", "Europe/Zurich"),
    ("venue_travel_minutes", 15),
    ("facilitator_max_sessions_per_day", 4),
    ("facilitator_min_pause_minutes", 15),
    ("room_changeover_minutes", 15),
    ("session_starts", "09:00, 11:00, 13:15, 14:30, 16:30"),
    ("time_limit_seconds", 60),
    ("paper_size", "A4"),  # A3 prints the day grids' 17 rooms at full size
]

# --------------------------------------------------------------------------------------------
# Rooms: CICG capacities as published for the venue; ITU headquarters rooms are estimates.
# --------------------------------------------------------------------------------------------

INTERP, WEB = "interpretation", "webcast"

ROOMS = [
    # room_id, name, venue, capacity, features
    ("CICG-1", "CICG Room 1", "CICG", 900, (INTERP, WEB)),
    ("CICG-2", "CICG Room 2", "CICG", 496, (INTERP, WEB)),
    ("CICG-3", "CICG Room 3", "CICG", 108, (WEB,)),
    ("CICG-4", "CICG Room 4", "CICG", 108, (WEB,)),
    ("CICG-5", "CICG Room 5", "CICG", 60, ()),
    ("CICG-6", "CICG Room 6", "CICG", 60, ()),
    ("CICG-13", "CICG Room 13", "CICG", 60, ()),
    ("CICG-14", "CICG Room 14", "CICG", 70, (WEB,)),
    ("CICG-15", "CICG Room 15", "CICG", 80, (WEB,)),
    ("CICG-18", "CICG Room 18", "CICG", 50, ()),
    ("ITU-POPOV", "Popov Room", "ITU HQ", 300, (INTERP, WEB)),
    ("ITU-A", "Room A", "ITU HQ", 120, (INTERP, WEB)),
    ("ITU-C", "Room C", "ITU HQ", 80, (WEB,)),
    ("ITU-H", "Room H", "ITU HQ", 100, (WEB,)),
    ("ITU-K", "Room K", "ITU HQ", 60, ()),
    ("ITU-L", "Room L", "ITU HQ", 50, ()),
    ("ITU-M", "Room M", "ITU HQ", 40, ()),
]

# --------------------------------------------------------------------------------------------
# WSIS action lines and the themes that cover them
# --------------------------------------------------------------------------------------------

ACTION_LINES = {
    "C1": "The role of public governance authorities and all stakeholders in the promotion of ICTs",
    "C2": "Information and communication infrastructure",
    "C3": "Access to information and knowledge",
    "C4": "Capacity building",
    "C5": "Building confidence and security in the use of ICTs",
    "C6": "Enabling environment",
    "C7-egov": "ICT applications: e-government",
    "C7-ebus": "ICT applications: e-business",
    "C7-elearn": "ICT applications: e-learning",
    "C7-ehealth": "ICT applications: e-health",
    "C7-eemploy": "ICT applications: e-employment",
    "C7-eenv": "ICT applications: e-environment",
    "C7-eagri": "ICT applications: e-agriculture",
    "C7-escience": "ICT applications: e-science",
    "C8": "Cultural diversity and identity, linguistic diversity and local content",
    "C9": "Media",
    "C10": "Ethical dimensions of the Information Society",
    "C11": "International and regional cooperation",
}

# Action line -> facilitating UN agencies (first one leads).
ALF = {
    "C1": ("UNDESA",),
    "C2": ("ITU",),
    "C3": ("UNESCO",),
    "C4": ("ITU",),
    "C5": ("ITU",),
    "C6": ("ITU",),
    "C7-egov": ("UNDESA",),
    "C7-ebus": ("UNCTAD", "ITC", "UPU"),
    "C7-elearn": ("UNESCO",),
    "C7-ehealth": ("WHO",),
    "C7-eemploy": ("ILO",),
    "C7-eenv": ("WMO", "UNEP"),
    "C7-eagri": ("FAO",),
    "C7-escience": ("UNESCO",),
    "C8": ("UNESCO",),
    "C9": ("UNESCO",),
    "C10": ("UNESCO",),
    "C11": ("UNDESA",),
}

THEMES = [
    # theme_id, name, action_lines, colour
    ("GOV", "Digital government and public services", ("C1", "C7-egov", "C11"), "#4E79A7"),
    ("INFRA", "Connectivity and infrastructure", ("C2", "C6"), "#F28E2B"),
    ("ACCESS", "Access to information and knowledge", ("C3", "C8", "C7-escience"), "#E15759"),
    (
        "SKILLS",
        "Capacity building and digital skills",
        ("C4", "C7-elearn", "C7-eemploy"),
        "#76B7B2",
    ),
    ("TRUST", "Trust, security and cybersecurity", ("C5", "C6", "C10"), "#59A14F"),
    ("ECON", "Digital economy and trade", ("C7-ebus", "C7-eemploy", "C6"), "#EDC948"),
    ("HEALTH", "Digital health", ("C7-ehealth", "C3"), "#B07AA1"),
    ("ENV", "Environment, climate and agriculture", ("C7-eenv", "C7-eagri"), "#FF9DA7"),
    ("MEDIA", "Media, culture and ethics", ("C8", "C9", "C10"), "#9C755F"),
    (
        "AI",
        "Artificial intelligence and emerging technologies",
        ("C4", "C5", "C10", "C7-escience"),
        "#BAB0AC",
    ),
    ("INCL", "Digital inclusion and gender equality", ("C3", "C4", "C7-eemploy"), "#1F77B4"),
    ("SDG", "WSIS, the SDGs and the WSIS+20 review", ("C1", "C11"), "#8C564B"),
]
THEME_LINES = {tid: lines for tid, _, lines, _ in THEMES}

# --------------------------------------------------------------------------------------------
# Facilitators: UN agencies and people (people and addresses are fictitious)
# --------------------------------------------------------------------------------------------

AGENCIES = [
    ("ITU", "International Telecommunication Union"),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization"),
    ("UNDP", "United Nations Development Programme"),
    ("UNCTAD", "United Nations Conference on Trade and Development"),
    ("FAO", "Food and Agriculture Organization of the United Nations"),
    ("UNDESA", "United Nations Department of Economic and Social Affairs"),
    ("WHO", "World Health Organization"),
    ("ILO", "International Labour Organization"),
    ("UPU", "Universal Postal Union"),
    ("UNEP", "United Nations Environment Programme"),
    ("ITC", "International Trade Centre"),
    ("WMO", "World Meteorological Organization"),
    ("WIPO", "World Intellectual Property Organization"),
    ("UNWOMEN", "UN Women"),
    ("UNICEF", "United Nations Children's Fund"),
    ("UNITAR", "United Nations Institute for Training and Research"),
    ("UNODC", "United Nations Office on Drugs and Crime"),
]

PEOPLE = [
    # Government speakers of the country workshops (P001-P015)
    ("Kadri Tamm", "Ministry of Economic Affairs and Communications, Estonia"),
    ("Uwase, Claudine", "Ministry of ICT and Innovation, Rwanda"),
    ("Budi Santoso", "Ministry of Communication and Digital Affairs, Indonesia"),
    ("João Ribeiro da Silva", "Ministry of Communications, Brazil"),
    ("Wanjiru Kamau", "Ministry of Information, Communications and the Digital Economy, Kenya"),
    ("Ahmed El-Sayed", "Ministry of Communications and Information Technology, Egypt"),
    ("Tan Wei Ming", "Infocomm Media Development Authority, Singapore"),
    ("Nguyễn Thị Lan", "Ministry of Science and Technology, Viet Nam"),
    ("Al-Harbi, Faisal", "Ministry of Communications and Information Technology, Saudi Arabia"),
    ("Priya Raghavan", "Ministry of Electronics and Information Technology, India"),
    (
        "Mariana Solís Araya",
        "Ministry of Science, Innovation, Technology and Telecommunications, Costa Rica",
    ),
    ("Youssef Benali", "Ministry of Digital Transition and Administrative Reform, Morocco"),
    ("Kim Ji-won", "Ministry of Science and ICT, Republic of Korea"),
    ("Farhana Rahman", "ICT Division, Bangladesh"),
    ("Dupont; Jean", "Federal Office of Communications, Switzerland"),
    # Academia, civil society, technical community, private sector (P016-P065)
    ("Müller, Anna", "University of Geneva"),
    ("Zoë Lefèvre", "Open Internet Alliance"),
    ("Olusegun Adeyemi", "African Union Commission"),
    ("Sofía Martínez", "Derechos en Red"),
    ("Lars Øberg", "Nordic Digital Forum"),
    ("Chen Xiaoling", "Institute for Digital Development Studies"),
    ("Amara Diallo", "Dakar Digital Academy"),
    ("O'Brien, Siobhán", "Trinity Centre for Media Research"),
    ("Rafael Gómez-Ortiz", "Economic Commission for Latin America and the Caribbean"),
    ("Aisha Bello", "Paradigm Futures"),
    ("Hiroshi Tanaka", "Keiyo Telecom Research Labs"),
    ("Émilie Rousseau", "Bibliothèques sans Frontières numériques"),
    ("Kwame Mensah", "Ghana Community Networks"),
    ("Ingrid Svensson", "Green Networks Institute"),
    ("Mohammed Al-Amin", "Arab ICT Organisation for Development"),
    ("Beatriz Costa", "Escola Digital"),
    ("Rossi, Marco; Dr.", "Politecnico di Torino"),
    ("Nadia Haddad", "Cyber Peace Lab"),
    ("Tomás Herrera", "Andean Broadband Initiative"),
    ("Fatima Zahra Ouali", "Women in Tech Maghreb"),
    ("David Cohen", "Centre for Trustworthy AI"),
    ("Lena Schäfer", "Fraunhofer Digital Public Services Group"),
    ("Pedro Alves", "LusoTech Start-up Hub"),
    ("Grace Wanjiku", "Savanna Fintech"),
    ("Sipho Ndlovu", "University of Cape Town"),
    ("Helga Björnsdóttir", "Arctic Data Commons"),
    ("Ravi Shankar", "Indian Institute of Technology Madras"),
    ("Camille Martin", "Association Francophone du Numérique"),
    ("Jakub Nowak", "Central European Cybersecurity Centre"),
    ("Mei Ling Wong", "Asia-Pacific Telehealth Network"),
    ("Samuel Okoro", "West African E-Commerce Council"),
    ("Ana Lucía Pérez", "Red de Radios Comunitarias"),
    ("Yusuf Demir", "Istanbul Smart City Lab"),
    ("Élodie Garnier", "Genève Open Data"),
    ("Thandiwe Moyo", "Youth IGF Africa"),
    ("Kenji Watanabe", "Disaster Resilience ICT Consortium"),
    ("Charlotte Evans", "Global Accessibility Partnership"),
    ("Abdullah Karimi", "Central Asia Connectivity Forum"),
    ("Lucía Fernández", "AgriData Americas"),
    ("Peter Schmid", "Swiss Digital Health Association"),
    ("Noor Fatima", "Digital Rights Pakistan"),
    ("Jean-Baptiste Kaboré", "Burkina Open Source Community"),
    ("Olga Petrenko", "Eastern Partnership e-Governance Centre"),
    ("Marta Kowalczyk", "European Media Literacy Network"),
    ("Diego Ramírez", "Latin American Internet Registry"),
    ("Sarah Thompson", "Open Science Collaborative"),
    ("Ibrahim Touré", "Sahel Climate Services"),
    ("Hana Novák", "Digital Heritage Europe"),
    ("Miguel Ángel Ruiz", "Fundación Inclusión Digital"),
    ("Leilani Kahale", "Pacific Islands Telecom Association"),
]
PERSON_IDS = [f"P{i:03d}" for i in range(1, len(PEOPLE) + 1)]

# People with special availability (rows of the Unavailability sheet)
LEAVES_FRIDAY = "P023"  # O'Brien, Siobhán: flight home on Friday afternoon
ARRIVES_TUESDAY = "P020"  # Lars Øberg
NOT_TUESDAY_MORNING = "P017"  # Zoë Lefèvre (soft preference)
BILATERAL_WEDNESDAY = "P018"  # Olusegun Adeyemi

# --------------------------------------------------------------------------------------------
# Parallel sessions: (title, themes, fixed facilitators). Country workshops name their speaker.
# --------------------------------------------------------------------------------------------

COUNTRY = {  # country -> person id of its government speaker
    "Estonia": "P001",
    "Rwanda": "P002",
    "Indonesia": "P003",
    "Brazil": "P004",
    "Kenya": "P005",
    "Egypt": "P006",
    "Singapore": "P007",
    "Viet Nam": "P008",
    "Saudi Arabia": "P009",
    "India": "P010",
    "Costa Rica": "P011",
    "Morocco": "P012",
    "Republic of Korea": "P013",
    "Bangladesh": "P014",
    "Switzerland": "P015",
}

WORKSHOPS = [
    # GOV
    ("Digital public infrastructure masterclass (Part 1)", ("GOV",), ("P037", "UNDP")),
    ("Digital public infrastructure masterclass (Part 2)", ("GOV",), ("P037", "UNDP")),
    ("Once-only principle: cross-border e-government services", ("GOV",), ()),
    ("Country Workshop: Estonia - interoperable public services", ("GOV",), ()),
    ("Open data portals that people actually use", ("GOV", "ACCESS"), ()),
    ("Local government goes digital: smart municipalities", ("GOV", "INFRA"), ()),
    ("Interactive Session: Designing digital ID with privacy by default", ("GOV", "TRUST"), ()),
    ("Knowledge Café: Measuring e-government maturity", ("GOV",), ()),
    ("Country Workshop: Rwanda - a digital-first public administration", ("GOV", "SKILLS"), ()),
    ("GovTech start-ups and public procurement", ("GOV", "ECON"), ()),
    ("Interactive Session: Digital sovereignty and cloud for governments", ("GOV", "TRUST"), ()),
    # INFRA
    ("Meaningful connectivity in rural areas", ("INFRA", "INCL"), ()),
    ("Satellite broadband for the last mile", ("INFRA",), ()),
    ("Spectrum policy for community networks", ("INFRA",), ()),
    ("Country Workshop: Indonesia - connecting 17,000 islands", ("INFRA",), ()),
    ("Submarine cables and network resilience", ("INFRA", "TRUST"), ()),
    (
        "Interactive Session: Financing broadband in least developed countries",
        ("INFRA", "ECON"),
        (),
    ),
    ("Knowledge Café: Community networks from the ground up", ("INFRA", "INCL"), ()),
    ("Universal service funds: what works", ("INFRA",), ()),
    ("Energy-efficient networks and data centres", ("INFRA", "ENV"), ()),
    ("Country Workshop: Brazil - connecting every school", ("INFRA", "SKILLS"), ()),
    ("Emergency telecommunications and disaster response", ("INFRA", "ENV"), ()),
    # ACCESS
    ("Public libraries as digital inclusion hubs", ("ACCESS", "INCL"), ()),
    ("Open science and research data infrastructures", ("ACCESS",), ()),
    ("Multilingual internet: content in local languages", ("ACCESS", "MEDIA"), ()),
    ("Open educational resources for all", ("ACCESS", "SKILLS"), ()),
    ("Knowledge Café: Digital preservation of documentary heritage", ("ACCESS", "MEDIA"), ()),
    ("Accessible ICTs for persons with disabilities", ("ACCESS", "INCL"), ()),
    (
        "Interactive Session: Universal acceptance of domain names and e-mail addresses",
        ("ACCESS",),
        (),
    ),
    ("Citizen science and the SDGs", ("ACCESS", "SDG"), ()),
    ("Country Workshop: Kenya - open government data in practice", ("ACCESS", "GOV"), ()),
    ("Knowledge Café: Open access publishing in the Global South", ("ACCESS",), ()),
    # SKILLS
    ("Digital skills for the future of work", ("SKILLS", "ECON"), ()),
    ("Teacher training for AI-ready classrooms", ("SKILLS", "AI"), ()),
    ("Interactive Session: Micro-credentials and lifelong learning", ("SKILLS",), ()),
    ("Coding for girls: lessons from ten countries", ("SKILLS", "INCL"), ()),
    ("Knowledge Café: Digital literacy for older persons", ("SKILLS", "INCL"), ()),
    ("Capacity building for ICT regulators", ("SKILLS", "INFRA"), ()),
    ("Country Workshop: Egypt - building a digital workforce", ("SKILLS",), ()),
    ("Youth hackathon: kick-off", ("SKILLS", "AI"), ("P050", "P040")),
    ("Youth hackathon: final pitches", ("SKILLS", "AI"), ("P050", "P040")),
    ("Remote work and platform labour", ("SKILLS", "ECON"), ()),
    ("E-learning in crisis settings", ("SKILLS",), ()),
    ("Knowledge Café: Digital skills assessment frameworks", ("SKILLS",), ()),
    # TRUST
    ("Building national cybersecurity capacity", ("TRUST", "SKILLS"), ()),
    ("Child online protection: a shared responsibility", ("TRUST", "INCL"), ("UNICEF", "P033")),
    ("Interactive Session: Tabletop exercise on incident response", ("TRUST",), ()),
    ("Data protection across borders", ("TRUST", "GOV"), ()),
    ("Knowledge Café: Cyber hygiene for small businesses", ("TRUST", "ECON"), ()),
    ("Countering online scams and fraud", ("TRUST",), ("UNODC", "P043")),
    ("Country Workshop: Singapore - a trusted digital economy", ("TRUST", "ECON"), ()),
    ("Quantum-safe cryptography: getting ready", ("TRUST", "AI"), ()),
    ("Cyber resilience of critical infrastructure", ("TRUST", "INFRA"), ()),
    ("Women in cybersecurity", ("TRUST", "INCL"), ()),
    ("Securing elections in the digital age", ("TRUST", "GOV"), ()),
    # ECON
    ("E-commerce for small and medium enterprises", ("ECON",), ()),
    ("Digital payments and financial inclusion", ("ECON", "INCL"), ()),
    ("Postal networks as e-commerce enablers", ("ECON",), ()),
    ("Interactive Session: Paperless trade and digital customs", ("ECON",), ()),
    ("Knowledge Café: The gig economy and social protection", ("ECON", "SKILLS"), ()),
    ("Country Workshop: Viet Nam - digital transformation of SMEs", ("ECON",), ()),
    ("Digital trade rules and development", ("ECON", "GOV"), ()),
    ("Measuring the digital economy", ("ECON", "SDG"), ()),
    ("Tech start-up ecosystems in Africa", ("ECON", "SKILLS"), ()),
    ("Country Workshop: Saudi Arabia - a national digital economy strategy", ("ECON", "GOV"), ()),
    ("Digital identity for trade and supply chains", ("ECON", "TRUST"), ()),
    # HEALTH
    ("Digital health for universal health coverage", ("HEALTH", "SDG"), ()),
    ("Telemedicine in remote regions", ("HEALTH", "INFRA"), ()),
    ("Interactive Session: AI in medical diagnostics - promise and risk", ("HEALTH", "AI"), ()),
    ("Health data governance", ("HEALTH", "TRUST"), ()),
    ("Knowledge Café: mHealth for maternal care", ("HEALTH", "INCL"), ()),
    ("Country Workshop: India - a national digital health mission", ("HEALTH", "GOV"), ()),
    ("Digital health literacy", ("HEALTH", "SKILLS"), ()),
    ("Pandemic preparedness and digital tools", ("HEALTH",), ()),
    ("Interoperability standards for health information", ("HEALTH",), ()),
    ("Digital mental health services", ("HEALTH", "INCL"), ()),
    # ENV
    ("E-waste: from problem to resource", ("ENV",), ()),
    ("Digital agriculture for smallholder farmers", ("ENV", "INCL"), ()),
    ("Interactive Session: Green ICT standards", ("ENV", "INFRA"), ()),
    ("Early warnings for all", ("ENV", "INFRA"), ()),
    ("Knowledge Café: Climate data for decision makers", ("ENV", "ACCESS"), ()),
    ("Country Workshop: Costa Rica - digital tools for biodiversity", ("ENV",), ()),
    ("Precision farming and satellite data", ("ENV", "AI"), ()),
    ("Smart water management", ("ENV",), ()),
    ("Measuring the carbon footprint of ICTs", ("ENV", "SDG"), ()),
    ("Mobile networks for disaster risk reduction", ("ENV", "INFRA"), ()),
    # MEDIA
    ("Media and information literacy", ("MEDIA", "SKILLS"), ()),
    ("Countering disinformation while protecting free expression", ("MEDIA", "TRUST"), ()),
    ("Interactive Session: Safety of journalists online", ("MEDIA", "TRUST"), ()),
    ("Cultural heritage in the digital age", ("MEDIA", "ACCESS"), ()),
    ("Knowledge Café: Ethics of neurotechnology", ("MEDIA", "AI"), ()),
    ("Community radio in the digital era", ("MEDIA", "INFRA"), ()),
    ("Indigenous languages online", ("MEDIA", "ACCESS"), ()),
    ("Country Workshop: Morocco - media innovation", ("MEDIA",), ()),
    ("Public service media and online platforms", ("MEDIA",), ()),
    # AI
    ("AI governance: from principles to practice", ("AI", "GOV"), ()),
    ("AI for good in developing countries", ("AI", "SDG"), ()),
    ("Interactive Session: Generative AI in public services", ("AI", "GOV"), ()),
    ("Knowledge Café: Open-source AI and digital sovereignty", ("AI", "ECON"), ()),
    ("AI skills for policy makers", ("AI", "SKILLS"), ()),
    ("Country Workshop: Republic of Korea - AI in education", ("AI", "SKILLS"), ()),
    ("Ethics of AI: implementing the UNESCO Recommendation", ("AI", "MEDIA"), ()),
    ("Robotics and the future of care", ("AI", "HEALTH"), ()),
    ("Blockchain beyond the hype", ("AI", "ECON"), ()),
    ("Internet of Things for smart cities", ("AI", "INFRA"), ()),
    # INCL
    ("Closing the digital gender gap", ("INCL",), ("UNWOMEN", "P035")),
    ("EQUALS: women in tech leadership", ("INCL", "SKILLS"), ()),
    ("Interactive Session: Youth voices on digital inclusion", ("INCL",), ()),
    ("Knowledge Café: Digital inclusion of refugees", ("INCL", "GOV"), ()),
    ("Indigenous peoples and connectivity", ("INCL", "INFRA"), ()),
    ("Country Workshop: Bangladesh - digital services for all", ("INCL", "GOV"), ()),
    ("Inclusive design of digital public services", ("INCL", "GOV"), ()),
    ("Digital skills for rural women", ("INCL", "SKILLS"), ()),
    ("Assistive technologies and the right to access", ("INCL", "ACCESS"), ()),
    # SDG
    ("WSIS+20: lessons for the next decade", ("SDG", "GOV"), ()),
    ("Launch of the WSIS Stocktaking Report", ("SDG",), ("P038",)),
    ("Knowledge Café: WSIS+20 review - round 1", ("SDG",), ("P019", "P024")),
    ("Knowledge Café: WSIS+20 review - round 2", ("SDG",), ("P019", "P024")),
    ("Interactive Session: Aligning the WSIS action lines with the SDGs", ("SDG",), ()),
    ("Knowledge Café: Indicators for the information society", ("SDG",), ("P061",)),
    ("Partnership on Measuring ICT for Development: open meeting", ("SDG", "ECON"), ("P024",)),
    ("Global Digital Compact and WSIS: working together", ("SDG", "GOV"), ()),
    ("UN Regional Commissions: regional WSIS reviews", ("SDG",), ("P024",)),
    (
        "Country Workshop: Switzerland - digital governance from International Geneva",
        ("SDG", "GOV"),
        (),
    ),
    ("WSIS Prizes champions: project showcase", ("SDG",), ()),
    ("Multistakeholder partnerships for digital development", ("SDG", "ECON"), ()),
]

# Popular sessions: attendance and needs fixed here rather than drawn.
POPULAR = {
    "AI governance: from principles to practice": (280, (INTERP, WEB)),
    "Building national cybersecurity capacity": (250, (WEB,)),
    "WSIS+20: lessons for the next decade": (240, (INTERP, WEB)),
    "Early warnings for all": (220, (WEB,)),
    "Countering disinformation while protecting free expression": (200, (WEB,)),
    "Digital health for universal health coverage": (180, (INTERP, WEB)),
    "Launch of the WSIS Stocktaking Report": (150, (WEB,)),
    "Youth hackathon: kick-off": (70, (WEB,)),
    "Youth hackathon: final pitches": (75, (WEB,)),
}
INTERPRETED = {"Egypt", "Saudi Arabia", "Morocco", "Brazil", "Costa Rica"}

# Agencies that may co-organise a workshop of a theme (never the busiest ones, ITU and UNESCO).
THEME_AGENCIES = {
    "GOV": ("UNDP", "UNDESA"),
    "INFRA": ("UNDP",),
    "ACCESS": ("WIPO",),
    "SKILLS": ("ILO", "UNITAR"),
    "TRUST": ("UNODC", "UNICEF"),
    "ECON": ("UNCTAD", "ITC", "UPU"),
    "HEALTH": ("WHO",),
    "ENV": ("UNEP", "FAO", "WMO"),
    "MEDIA": ("WIPO",),
    "AI": ("UNITAR",),
    "INCL": ("UNWOMEN", "UNICEF"),
    "SDG": ("UNDP", "UNDESA"),
}

DESCRIPTIONS = {
    "Digital public infrastructure masterclass (Part 1)": (
        "Part 1 of 2: the building blocks (digital ID, payments, data exchange). "
        "Part 2 builds on it."
    ),
    "Digital public infrastructure masterclass (Part 2)": (
        "Part 2 of 2: hands-on design of a country roadmap; participants should attend Part 1."
    ),
    "Youth hackathon: kick-off": (
        "Teams receive the challenges; the final pitches take place in the same room later "
        "in the week."
    ),
    "Launch of the WSIS Stocktaking Report": (
        "Presentation of the annual report; copies available at the entrance."
    ),
    "AI governance: from principles to practice": (
        "Panel with regulators, researchers and civil society; questions from remote participants."
    ),
    "Knowledge Café: WSIS+20 review - round 1": (
        "Open discussion in small tables; round 2 on another day collects the conclusions."
    ),
    "Partnership on Measuring ICT for Development: open meeting": (
        "Follows directly after the knowledge café on indicators, in the same room."
    ),
}


# --------------------------------------------------------------------------------------------
# Building the rows
# --------------------------------------------------------------------------------------------


def ascii_slug(text: str) -> str:
    """'Nguyễn Thị Lan' -> 'nguyen.thi.lan' for fictitious e-mail addresses."""
    text = text.replace("Ø", "O").replace("ø", "o").replace("đ", "d")
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = ["".join(ch for ch in w if ch.isalnum()) for w in plain.replace("-", " ").split()]
    return ".".join(w for w in words if w and w != "dr")


def person_email(name: str) -> str:
    if ";" in name or "," in name:  # "Surname, Given" -> given.surname
        parts = [p.strip() for p in name.replace(";", ",").split(",") if p.strip()]
        name = " ".join(reversed(parts[:2]))
    return f"{ascii_slug(name)}@example.org"


def build_facilitators() -> list[dict]:
    rows = []
    for agency_id, full_name in AGENCIES:
        rows.append(
            {
                "facilitator_id": agency_id,
                "name": full_name,
                "organisation": agency_id if agency_id != "UNWOMEN" else "UN Women",
                "email": f"wsis-{agency_id.lower()}@example.int",
            }
        )
    for pid, (name, organisation) in zip(PERSON_IDS, PEOPLE):
        rows.append(
            {
                "facilitator_id": pid,
                "name": name,
                "organisation": organisation,
                "email": person_email(name),
            }
        )
    return rows


def lines_of(themes: tuple[str, ...], rng: random.Random) -> list[str]:
    pool = sorted({line for t in themes for line in THEME_LINES[t]}, key=list(ACTION_LINES).index)
    k = rng.choice((1, 1, 2, 2, 3)) if len(pool) > 2 else rng.choice((1, 2))
    chosen = rng.sample(pool, min(k, len(pool)))
    return sorted(chosen, key=list(ACTION_LINES).index)


def covering_themes(line: str) -> list[str]:
    return [tid for tid, _, lines, _ in THEMES if line in lines]


def session(
    sid,
    title,
    kind,
    duration,
    attendance,
    *,
    themes=(),
    lines=(),
    facilitators=(),
    needs=(),
    day=None,
    start=None,
    room=None,
    description=None,
) -> dict:
    return {
        "session_id": sid,
        "title": title,
        "kind": kind,
        "duration_minutes": duration,
        "themes": ", ".join(themes) or None,
        "action_lines": ", ".join(lines) or None,
        "facilitators": ", ".join(facilitators) or None,
        "attendance": attendance,
        "needs": ", ".join(needs) or None,
        "day": day,
        "start": start,
        "room": room,
        "locked": None,
        "description": description,
    }


def build_sessions() -> list[dict]:
    rng = random.Random(2026)
    rows: list[dict] = []
    load: dict[str, int] = {}

    def add(title, kind, duration, attendance, **kw):
        sid = f"S{len(rows) + 1:03d}"
        for f in kw.get("facilitators", ()):
            load[f] = load.get(f, 0) + 1
        rows.append(session(sid, title, kind, duration, attendance, **kw))
        return sid

    # Monday morning in CICG Room 1
    add(
        "Opening ceremony",
        "opening",
        60,
        800,
        themes=("SDG",),
        lines=("C1", "C11"),
        facilitators=("ITU",),
        needs=(INTERP, WEB),
        day=1,
        start=time(9, 0),
        room="CICG-1",
        description="Official opening of the WSIS Forum 2026 by the Secretary-General of ITU and "
        "the co-organisers; live webcast with interpretation in the six UN languages.",
    )
    add(
        "High-level policy statements",
        "opening",
        120,
        800,
        themes=("SDG", "GOV"),
        lines=("C1", "C11"),
        facilitators=("ITU", "UNESCO", "UNDP", "UNCTAD"),
        needs=(INTERP, WEB),
        day=1,
        start=time(10, 0),
        room="CICG-1",
        description="Ministers and heads of delegation deliver policy statements; moderated by "
        "the high-level track facilitators.",
    )
    # Mid-week plenaries (placed by the scheduler)
    add(
        "WSIS Prizes ceremony",
        "plenary",
        90,
        600,
        themes=("SDG",),
        lines=("C11",),
        facilitators=("ITU",),
        needs=(INTERP, WEB),
        description="Award of the WSIS Prizes to the winning projects of the year.",
    )
    add(
        "Ministerial round table: digital cooperation beyond WSIS+20",
        "plenary",
        105,
        150,
        themes=("SDG", "GOV"),
        lines=("C1", "C11"),
        facilitators=("UNDP", "UNCTAD"),
        needs=(INTERP,),
    )

    # One facilitation meeting per action line, organised by its UN facilitator(s)
    alf_ids = {}
    for line, agencies in ALF.items():
        title = f"Action Line {line} facilitation meeting: {ACTION_LINES[line].split(': ')[-1]}"
        if line == "C1":
            title = "Action Line C1 facilitation meeting: Public governance and stakeholders"
        attendance = 5 * rng.randint(8, 20)
        alf_ids[line] = add(
            title,
            "parallel",
            105,
            attendance,
            themes=tuple(covering_themes(line)),
            lines=(line,),
            facilitators=agencies,
            needs=(WEB,),
        )

    # Workshops, country workshops, interactive sessions, knowledge cafés
    people = list(PERSON_IDS)
    activity = {p: rng.choice((1, 1, 2, 2, 3, 5)) for p in people}  # some people are busier
    title_ids = {}
    for title, themes, fixed in WORKSHOPS:
        facilitators = list(fixed)
        country = next((c for c in COUNTRY if title.startswith(f"Country Workshop: {c} ")), None)
        if country:
            facilitators.insert(0, COUNTRY[country])
        if not fixed:
            wanted = rng.choices((1, 2, 3), weights=(40, 45, 15))[0]
            agencies = [a for t in themes for a in THEME_AGENCIES[t] if load.get(a, 0) < 7]
            if agencies and rng.random() < 0.3 and len(facilitators) < wanted - 1:
                facilitators.append(rng.choice(agencies))
            while len(facilitators) < wanted:
                free = [p for p in people if p not in facilitators and load.get(p, 0) < 7]
                facilitators.append(rng.choices(free, weights=[activity[p] for p in free])[0])
        if title in POPULAR:
            attendance, needs = POPULAR[title]
        else:
            r = rng.random()
            if r < 0.15:
                attendance = 5 * rng.randint(4, 6)
            elif r < 0.87:
                attendance = 5 * rng.randint(6, 20)
            else:
                attendance = 5 * rng.randint(21, 30)
            needs = ()
            if country in INTERPRETED:
                needs = (INTERP,)
            if rng.random() < 0.22:
                needs = needs + (WEB,)
            if INTERP in needs:
                attendance = min(attendance, 110)
        if title.startswith("Knowledge Café"):
            duration = rng.choice((60, 60, 90))
        elif title.startswith("Interactive Session"):
            duration = rng.choice((45, 60, 90))
        elif title.startswith("Country Workshop"):
            duration = rng.choice((60, 90, 105))
        else:
            duration = rng.choice((45, 60, 90, 90, 105, 105, 105))
        if title.startswith("Knowledge Café: Indicators"):
            duration = 45
        if title.startswith("Launch of the WSIS Stocktaking Report"):
            duration = 45
        title_ids[title] = add(
            title,
            "parallel",
            duration,
            attendance,
            themes=themes,
            lines=tuple(lines_of(themes, rng)),
            facilitators=tuple(facilitators),
            needs=needs,
            description=DESCRIPTIONS.get(title),
        )

    # Everyone listed as a facilitator takes part in at least one session.
    fixed_titles = {title for title, _, fixed in WORKSHOPS if fixed}
    for pid in [agency for agency, _ in AGENCIES] + people:
        if load.get(pid, 0) == 0:
            for row in rows[22:]:
                facs = row["facilitators"].split(", ")
                if (
                    len(facs) < 3
                    and row["title"] not in fixed_titles
                    and not row["title"].startswith("Country Workshop")
                ):
                    row["facilitators"] = ", ".join(facs + [pid])
                    load[pid] = 1
                    break

    # Friday afternoon: the action line facilitators' meeting, then the closing ceremony
    all_alf_agencies = tuple(dict.fromkeys(a for agencies in ALF.values() for a in agencies))
    add(
        "Annual meeting of the WSIS Action Line Facilitators",
        "closing",
        105,
        150,
        themes=("SDG",),
        lines=("C11",),
        facilitators=all_alf_agencies,
        needs=(WEB,),
        day=5,
        start=time(14, 30),
        room="ITU-POPOV",
        description="Tunis Agenda paragraph 109: the facilitators of all action lines review the "
        "year; open to all participants.",
    )
    add(
        "Closing ceremony",
        "closing",
        60,
        600,
        themes=("SDG",),
        lines=("C11",),
        facilitators=("ITU",),
        needs=(INTERP, WEB),
        day=5,
        start=time(16, 30),
        room="CICG-1",
    )

    # Other kinds of pins
    by_title = {r["title"]: r for r in rows}
    by_title["Launch of the WSIS Stocktaking Report"].update(day=4, start=time(9, 0))
    by_title["Youth hackathon: final pitches"].update(room="ITU-C")
    by_title["Country Workshop: Switzerland - digital governance from International Geneva"].update(
        day=date(2026, 5, 6)
    )  # a day pin given as a date: Wednesday
    return rows


def build_unavailability() -> list[dict]:
    def row(who, day, start=None, end=None, strength="hard", weight=None, note=None):
        return {
            "who": who,
            "day": day,
            "from": start,
            "to": end,
            "strength": strength,
            "weight": weight,
            "note": note,
        }

    return [
        row(LEAVES_FRIDAY, 5, time(12, 0), None, note="Flight home from Geneva at 14:05 on Friday"),
        row(ARRIVES_TUESDAY, 1, note="Arrives on Tuesday morning"),
        row(
            NOT_TUESDAY_MORNING,
            2,
            None,
            time(12, 45),
            "soft",
            note="Would rather not be booked on Tuesday morning",
        ),
        row(
            BILATERAL_WEDNESDAY,
            date(2026, 5, 6),
            time(9, 0),
            time(11, 0),
            note="Bilateral meeting at the Palais des Nations",
        ),
        row("WMO", 4, note="WMO Executive Council session"),
        row(
            "UNDESA", 2, time(14, 30), None, "soft", 300, note="UNGIS meeting; prefers no sessions"
        ),
        row("ITU-H", 3, time(14, 30), None, note="Closed for audio-visual maintenance"),
        row("CICG-18", 2, time(11, 30), time(12, 15), note="Press briefing"),
    ]


def build_rules(sessions: list[dict]) -> list[dict]:
    sid = {r["title"]: r["session_id"] for r in sessions}

    def row(rule, a, b=None, value=None, strength="hard", weight=None, note=None):
        return {
            "rule": rule,
            "session_a": sid[a],
            "session_b": sid[b] if b else None,
            "value": value,
            "strength": strength,
            "weight": weight,
            "note": note,
        }

    return [
        row(
            "back_to_back",
            "Opening ceremony",
            "High-level policy statements",
            note="The policy statements follow the ceremony in the same hall",
        ),
        row(
            "before",
            "Digital public infrastructure masterclass (Part 1)",
            "Digital public infrastructure masterclass (Part 2)",
            note="A two-part series",
        ),
        row("before", "Youth hackathon: kick-off", "Youth hackathon: final pitches"),
        row(
            "same_room",
            "Youth hackathon: kick-off",
            "Youth hackathon: final pitches",
            note="The teams keep their equipment in the room",
        ),
        row(
            "different_day",
            "Knowledge Café: WSIS+20 review - round 1",
            "Knowledge Café: WSIS+20 review - round 2",
            note="Round 2 collects round 1's conclusions",
        ),
        row(
            "not_parallel",
            "AI governance: from principles to practice",
            "Building national cybersecurity capacity",
            note="Many participants want both",
        ),
        row(
            "back_to_back",
            "Knowledge Café: Indicators for the information society",
            "Partnership on Measuring ICT for Development: open meeting",
        ),
        row("on_day", "WSIS Prizes ceremony", value=2, note="Prizes are awarded on Tuesday"),
        row(
            "start_after",
            "Country Workshop: Saudi Arabia - a national digital economy strategy",
            value=time(10, 0),
            note="The delegation arrives at 09:30",
        ),
        row(
            "same_day",
            "Action Line C7-ehealth facilitation meeting: e-health",
            "Digital health for universal health coverage",
            strength="soft",
            weight=800,
            note="Health participants would like one health day",
        ),
    ]


WEIGHTS = [
    {"objective": "theme_clash", "weight": 10},
    {"objective": "room_fit", "weight": 1},
]

COLUMNS = CONTRACT_COLUMNS


def build_all() -> dict[str, list[dict]]:
    sessions = build_sessions()
    return {
        "Forum": [{"setting": k, "value": v} for k, v in FORUM],
        "Rooms": [
            {"room_id": r, "name": n, "venue": v, "capacity": c, "features": ", ".join(f) or None}
            for r, n, v, c, f in ROOMS
        ],
        "Themes": [
            {"theme_id": t, "name": n, "action_lines": ", ".join(lines), "colour": c}
            for t, n, lines, c in THEMES
        ],
        "Facilitators": build_facilitators(),
        "Sessions": sessions,
        "Unavailability": build_unavailability(),
        "Rules": build_rules(sessions),
        "Weights": WEIGHTS,
    }


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write_workbook(sheets: dict[str, list[dict]], names: list[str], path: Path) -> None:
    write_sheets(sheets, path, {name: COLUMNS[name] for name in names})


def main() -> None:
    sheets = build_all()
    write_workbook(sheets, ["Forum", "Rooms", "Themes", "Facilitators", "Sessions"], DATA_PATH)
    write_workbook(sheets, ["Unavailability", "Rules", "Weights"], CONSTRAINTS_PATH)
    print(
        f"wrote {DATA_PATH.relative_to(ROOT)} ({len(sheets['Sessions'])} sessions, "
        f"{len(sheets['Rooms'])} rooms, {len(sheets['Facilitators'])} facilitators)"
    )
    print(
        f"wrote {CONSTRAINTS_PATH.relative_to(ROOT)} ({len(sheets['Unavailability'])} "
        f"unavailability rows, {len(sheets['Rules'])} rules, {len(sheets['Weights'])} weights)"
    )


if __name__ == "__main__":
    main()
