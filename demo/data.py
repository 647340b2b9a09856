"""Demo data: a company's recruiting dinner beside CVPR in Vancouver, and last year's edition.

Generated from a fixed random seed and written with get_or_create on natural keys, so running
it again changes nothing.
"""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.text import slugify

from attendees.enums import Position, RegistrationStatus
from attendees.models import (
    CompanyInterest, EventHost, Host, HostExpertise, Registration, ResearchInterest, Researcher,
)
from attendees.signals import demo_seeded
from events.enums import EventStatus
from events.models import Company, Event, ResearchArea
from tables.enums import RoundBasis
from tables.models import Round, Table

from .after_dinner import answer_survey
from .seating import seat_demo_event

COMPANIES = [
    # name, Korean name, short name, how wanted (share of first choices)
    ("LG AI Research", "LG AI연구원", "LGAI", 0.46, 12),
    ("LG Electronics", "LG전자", "LGE", 0.20, 8),
    ("LG Uplus", "LG유플러스", "LGU+", 0.14, 5),
    ("LG Innotek", "LG이노텍", "LGIT", 0.12, 5),
    ("LG Energy Solution", "LG에너지솔루션", "LGES", 0.08, 5),
]
COMPANY_WEBSITES = {
    "LG AI Research": "https://www.lgresearch.ai", "LG Electronics": "https://www.lg.com",
    "LG Uplus": "https://www.lguplus.com", "LG Innotek": "https://www.lginnotek.com",
    "LG Energy Solution": "https://www.lgensol.com",
}
RESEARCH_AREAS = [
    ("Computer Vision", "컴퓨터 비전", 0.17),
    ("Generative Models", "생성 모델", 0.16),
    ("Large Language Models", "대규모 언어 모델", 0.14),
    ("Multimodal Learning", "멀티모달 학습", 0.10),
    ("3D Vision", "3D 비전", 0.07),
    ("Robotics", "로보틱스", 0.06),
    ("Reinforcement Learning", "강화학습", 0.05),
    ("Video Understanding", "비디오 이해", 0.05),
    ("Autonomous Driving", "자율주행", 0.04),
    ("Efficient ML", "효율적 머신러닝", 0.04),
    ("Trustworthy AI", "신뢰할 수 있는 AI", 0.04),
    ("Speech and Audio", "음성 및 오디오", 0.03),
    ("Medical Imaging", "의료 영상", 0.03),
    ("Embodied AI", "체화된 AI", 0.02),
]
LABS = [
    # affiliation, lab, email domain, country, how many people it sends
    ("KAIST", "Visual Intelligence Lab", "kaist.ac.kr", "South Korea", 6),
    ("Seoul National University", "Computer Vision Lab", "snu.ac.kr", "South Korea", 5),
    ("Stanford University", "Vision and Learning Lab", "stanford.edu", "United States", 4),
    ("POSTECH", "Machine Learning Lab", "postech.ac.kr", "South Korea", 3),
    ("Carnegie Mellon University", "Robotics Institute", "cmu.edu", "United States", 3),
    ("Yonsei University", "Multimodal AI Lab", "yonsei.ac.kr", "South Korea", 3),
    ("University of Toronto", "", "utoronto.ca", "Canada", 1),
    ("University of British Columbia", "", "ubc.ca", "Canada", 1),
    ("UC Berkeley", "", "berkeley.edu", "United States", 1),
    ("MIT", "", "mit.edu", "United States", 1),
    ("ETH Zurich", "", "ethz.ch", "Switzerland", 1),
    ("University of Oxford", "", "ox.ac.uk", "United Kingdom", 1),
    ("Tsinghua University", "", "tsinghua.edu.cn", "China", 1),
    ("University of Tokyo", "", "u-tokyo.ac.jp", "Japan", 1),
    ("National University of Singapore", "", "nus.edu.sg", "Singapore", 1),
    ("Korea University", "", "korea.ac.kr", "South Korea", 1),
    ("Georgia Tech", "", "gatech.edu", "United States", 1),
    ("University of Washington", "", "uw.edu", "United States", 1),
    ("TU Munich", "", "tum.de", "Germany", 1),
    ("Mila", "", "mila.quebec", "Canada", 1),
]
KOREAN_SURNAMES = [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"), ("Kang", "강"),
                   ("Cho", "조"), ("Yoon", "윤"), ("Jang", "장"), ("Lim", "임"), ("Han", "한"), ("Shin", "신"),
                   ("Seo", "서"), ("Kwon", "권"), ("Hwang", "황"), ("Ahn", "안"), ("Song", "송"), ("Hong", "홍")]
KOREAN_GIVEN = [("Minjun", "민준"), ("Seoyeon", "서연"), ("Jiwoo", "지우"), ("Hyunwoo", "현우"), ("Jiho", "지호"),
                ("Soyeon", "소연"), ("Yejin", "예진"), ("Donghyun", "동현"), ("Sungmin", "성민"), ("Jisoo", "지수"),
                ("Eunji", "은지"), ("Taeyang", "태양"), ("Hayoung", "하영"), ("Junho", "준호"), ("Dahye", "다혜"),
                ("Seungwoo", "승우"), ("Yuna", "유나"), ("Jaewon", "재원")]
OTHER_GIVEN = ["Emily", "Wei", "Arjun", "Lucas", "Sofia", "Mateo", "Priya", "Yuki", "Hiroshi", "Ana", "Omar",
               "Lena", "Noah", "Fatima", "Daniel", "Mei", "Ravi", "Elena", "Tom", "Chloe", "Jonas", "Aisha"]
OTHER_SURNAMES = ["Zhang", "Wang", "Patel", "Müller", "Garcia", "Nakamura", "Smith", "Kumar", "Rossi", "Nguyen",
                  "Johnson", "Silva", "Chen", "Li", "Tanaka", "Brown", "Dubois", "Okafor", "Ivanova", "Haddad"]
HOST_TITLES = ["Research Scientist", "Senior Research Scientist", "Research Lead", "Talent Acquisition Manager",
               "Principal Engineer", "Vice President, AI Lab"]

RESEARCHER_COUNT = 100
RETURNING_COUNT = 20
TABLE_COUNT = 14
# Last year's dinner was small: its 20 guests sat at 3 tables, each hosted by 2 people of one company.
LAST_YEAR_TABLE_COUNT = 3
LAST_YEAR_HOSTS_PER_COMPANY = 2
TABLE_CAPACITY = 8
DEMO_EVENT_SLUGS = ("lg-ai-dinner-cvpr-2026", "lg-ai-dinner-cvpr-2027")
DEMO_HOST_EMAIL_DOMAIN = "lg.example"
VANCOUVER = ZoneInfo("America/Vancouver")
DENVER = ZoneInfo("America/Denver")


@dataclass(frozen=True)
class DemoSummary:
    event: Event
    researchers: int
    hosts: int
    returning: int
    last_year: Event | None = None


def _weighted_ranking(rng, options, weights, count):
    """Pick `count` distinct options, each draw weighted: the popular ones come first more often."""
    pool = list(zip(options, weights, strict=True))
    picked = []
    for _ in range(min(count, len(pool))):
        choice = rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
        picked.append(pool.pop(choice)[0])
    return picked


def _ascii(text):
    return slugify(text.replace("ü", "ue")).replace("-", "")


@transaction.atomic
def seed_demo(seed=2027):
    """Create (or find) the demo event with its companies, areas, tables, rounds, hosts and people."""
    rng = random.Random(seed)
    companies = []
    for name, name_ko, short, _share, _hosts in COMPANIES:
        company, _ = Company.objects.get_or_create(
            name=name, defaults={"name_ko": name_ko, "short_name": short, "website": COMPANY_WEBSITES[name]}
        )
        companies.append(company)
    areas = []
    for name, name_ko, _share in RESEARCH_AREAS:
        area, _ = ResearchArea.objects.get_or_create(name=name, defaults={"name_ko": name_ko, "slug": slugify(name)})
        areas.append(area)

    last_year, _ = Event.objects.get_or_create(slug="lg-ai-dinner-cvpr-2026", defaults=dict(
        name="LG AI Talent Dinner at CVPR 2026", conference="CVPR 2026", city="Denver",
        venue="The Brown Palace Hotel", time_zone="America/Denver",
        starts_at=datetime(2026, 6, 4, 19, 0, tzinfo=DENVER), ends_at=datetime(2026, 6, 4, 22, 0, tzinfo=DENVER),
        registration_opens_at=datetime(2026, 3, 1, 9, 0, tzinfo=DENVER),
        registration_closes_at=datetime(2026, 5, 28, 23, 59, tzinfo=DENVER),
        researcher_capacity=LAST_YEAR_TABLE_COUNT * TABLE_CAPACITY, status=EventStatus.FINISHED,
    ))
    event, _ = Event.objects.get_or_create(slug="lg-ai-dinner-cvpr-2027", defaults=dict(
        name="LG AI Talent Dinner at CVPR 2027", name_ko="CVPR 2027 LG AI 탤런트 디너", conference="CVPR 2027",
        city="Vancouver",
        venue="Fairmont Waterfront, Malaspina Ballroom", venue_address="900 Canada Pl, Vancouver, BC V6C 3L5",
        time_zone="America/Vancouver",
        starts_at=datetime(2027, 6, 16, 18, 30, tzinfo=VANCOUVER),
        ends_at=datetime(2027, 6, 16, 21, 30, tzinfo=VANCOUVER),
        registration_opens_at=datetime(2026, 11, 1, 9, 0, tzinfo=VANCOUVER),
        registration_closes_at=datetime(2027, 6, 9, 23, 59, tzinfo=VANCOUVER),
        researcher_capacity=TABLE_COUNT * TABLE_CAPACITY, status=EventStatus.OPEN,
        contact_email="talent@lgresearch.example",
        description="An evening with researchers and engineers from LG's AI teams. Two rounds of dinner "
                    "conversation: first with the company you most want to meet, then by research area.",
        description_ko="LG의 AI 팀 연구원·엔지니어와 함께하는 저녁입니다. 두 라운드로 진행되며, 먼저 가장 만나고 싶은 "
                       "기업과, 이어서 연구 분야별로 대화를 나눕니다.",
    ))
    for e, table_count in ((last_year, LAST_YEAR_TABLE_COUNT), (event, TABLE_COUNT)):
        e.companies.add(*companies)
        e.research_areas.add(*areas)
        for number in range(1, table_count + 1):
            Table.objects.get_or_create(event=e, number=number, defaults={"capacity": TABLE_CAPACITY})
        Round.objects.get_or_create(event=e, number=1, defaults={"basis": RoundBasis.COMPANY})
        Round.objects.get_or_create(event=e, number=2, defaults={"basis": RoundBasis.RESEARCH})

    hosts = _seed_hosts(rng, companies, areas)
    for host in hosts:
        EventHost.objects.get_or_create(event=event, host=host)
    for company in companies[:LAST_YEAR_TABLE_COUNT]:
        for host in [h for h in hosts if h.company_id == company.pk][:LAST_YEAR_HOSTS_PER_COMPANY]:
            EventHost.objects.get_or_create(event=last_year, host=host)

    people = _people(rng)
    company_weights = [c[3] for c in COMPANIES]
    area_weights = [a[2] for a in RESEARCH_AREAS]
    returning = 0
    for index, person in enumerate(people):
        researcher, _ = Researcher.objects.get_or_create(email=person["email"], defaults=person["profile"])
        ranked_companies = _weighted_ranking(rng, companies, company_weights, rng.choice([3, 3, 3, 2]))
        ranked_areas = _weighted_ranking(rng, areas, area_weights, 3)
        researcher.research_areas.add(*ranked_areas)
        came_last_year = index % 5 == 2  # every fifth guest, spread over labs
        if came_last_year:
            _register(last_year, researcher, ranked_companies, ranked_areas, RegistrationStatus.CONFIRMED,
                      is_returning=False, checked_in=True)
            returning += 1
        status = RegistrationStatus.CONFIRMED if index < 96 else RegistrationStatus.APPLIED
        _register(event, researcher, ranked_companies, ranked_areas, status, is_returning=came_last_year)
    seat_demo_event(event=event)
    seat_demo_event(event=last_year, published_at=last_year.starts_at - timedelta(days=2))
    answer_survey(last_year)
    demo_seeded.send(sender=Event, events=[last_year, event])  # followup: what recruiting made of last year
    return DemoSummary(event=event, researchers=len(people), hosts=len(hosts), returning=returning,
                       last_year=last_year)


def _register(event, researcher, companies, areas, status, *, is_returning, checked_in=False):
    registration, created = Registration.objects.get_or_create(
        event=event, researcher=researcher,
        defaults=dict(status=status, is_returning=is_returning, consented_at=event.registration_opens_at,
                      privacy_notice_version="2026-11", status_changed_at=event.registration_opens_at,
                      checked_in_at=event.starts_at if checked_in else None),
    )
    if created:
        CompanyInterest.objects.bulk_create(
            CompanyInterest(registration=registration, company=c, rank=r) for r, c in enumerate(companies, 1))
        ResearchInterest.objects.bulk_create(
            ResearchInterest(registration=registration, research_area=a, rank=r) for r, a in enumerate(areas, 1))
    return registration


def _seed_hosts(rng, companies, areas):
    hosts = []
    area_weights = [a[2] for a in RESEARCH_AREAS]
    for company, (_name, _ko, short, _share, host_count) in zip(companies, COMPANIES, strict=True):
        for n in range(host_count):
            surname, surname_ko = KOREAN_SURNAMES[(n * 7 + len(short)) % len(KOREAN_SURNAMES)]
            given, given_ko = KOREAN_GIVEN[(n * 5 + len(hosts)) % len(KOREAN_GIVEN)]
            mailbox = f"{given.lower()}.{surname.lower()}.{short.lower().replace('+', 'plus')}{n}"
            host, created = Host.objects.get_or_create(
                email=f"{mailbox}@{DEMO_HOST_EMAIL_DOMAIN}",
                defaults=dict(first_name=given, last_name=surname, native_name=surname_ko + given_ko,
                              company=company, title=HOST_TITLES[(n + len(hosts)) % len(HOST_TITLES)]),
            )
            expertise = _weighted_ranking(rng, areas, area_weights, rng.choice([1, 2, 3]))
            if created:
                HostExpertise.objects.bulk_create(
                    HostExpertise(host=host, research_area=a, rank=r) for r, a in enumerate(expertise, 1))
            hosts.append(host)
    return hosts


def _people(rng):
    """100 researchers: big labs send several, the rest come alone; about half are Korean."""
    slots = []
    for affiliation, lab, domain, country, size in LABS:
        slots += [(affiliation, lab, domain, country)] * size
    singles = [lab for lab in LABS if lab[4] == 1]
    while len(slots) < RESEARCHER_COUNT:
        affiliation, lab, domain, country, _size = singles[len(slots) % len(singles)]
        slots.append((affiliation, lab, domain, country))
    positions = [Position.PHD] * 12 + [Position.POSTDOC] * 4 + [Position.MASTERS] * 2 + [Position.FACULTY] * 2
    people = []
    for index, (affiliation, lab, domain, country) in enumerate(slots[:RESEARCHER_COUNT]):
        korean = country == "South Korea" or rng.random() < 0.25
        if korean:
            (surname, surname_ko), (given, given_ko) = rng.choice(KOREAN_SURNAMES), rng.choice(KOREAN_GIVEN)
            native = surname_ko + given_ko
        else:
            surname, given, native = rng.choice(OTHER_SURNAMES), rng.choice(OTHER_GIVEN), ""
        position = rng.choice(positions)
        year = 2027 + rng.randrange(4) if position in (Position.PHD, Position.MASTERS) else None
        email = f"{_ascii(given)}.{_ascii(surname)}{index + 1}@{domain}"
        people.append({"email": email, "profile": dict(
            first_name=given, last_name=surname, native_name=native, affiliation=affiliation, lab=lab,
            position=position, graduation_year=year, country=country,
            homepage=f"https://scholar.example.org/{_ascii(given)}-{_ascii(surname)}-{index + 1}",
        )})
    return people
