"""Careers: the ladders people climb, what they are good at and what they studied.

A track is one line of work: five titles from first job to the top, the skills
people in it list, the focus they mention in a headline, and the fields they
studied. A member keeps one track for their whole history, which is how real
histories read: an analyst becomes a senior analyst, not a nurse.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Track:
    key: str
    # Five rungs: first job, established, senior, lead, head.
    titles: tuple[str, str, str, str, str]
    skills: tuple[str, ...]
    focuses: tuple[str, ...]
    # (field, kind); kind picks the degree's name (see schools.DEGREES).
    fields: tuple[tuple[str, str], ...]


def _list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def _fields(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in _list(text):
        field, kind = item.rsplit(":", 1)
        pairs.append((field.strip(), kind.strip()))
    return tuple(pairs)


def _track(key: str, titles: str, skills: str, focuses: str, fields: str) -> Track:
    ladder = _list(titles)
    assert len(ladder) == 5, key
    return Track(
        key=key,
        titles=(ladder[0], ladder[1], ladder[2], ladder[3], ladder[4]),
        skills=_list(skills),
        focuses=_list(focuses),
        fields=_fields(fields),
    )


TRACKS: dict[str, Track] = {
    t.key: t
    for t in (
        _track(
            "engineering",
            "Junior Software Engineer, Software Engineer, Senior Software Engineer, "
            "Staff Engineer, Engineering Director",
            "Python, Go, TypeScript, React, Kubernetes, PostgreSQL, Distributed systems, "
            "System design, AWS, CI/CD, Rust, Java, Testing, API design, Code review",
            "distributed systems, developer experience, payments infrastructure, search, "
            "reliability, mobile apps, open source",
            "Computer Science:sci, Software Engineering:eng, Mathematics:sci, "
            "Electrical Engineering:eng",
        ),
        _track(
            "data",
            "Data Analyst, Data Scientist, Senior Data Scientist, Lead Data Scientist, "
            "Head of Data",
            "SQL, Python, Statistics, Machine learning, dbt, Experimentation, "
            "Data visualisation, pandas, Forecasting, Spark, Causal inference",
            "experimentation, forecasting, machine learning, analytics engineering, data quality",
            "Statistics:sci, Mathematics:sci, Economics:arts, Computer Science:sci, Physics:sci",
        ),
        _track(
            "product",
            "Associate Product Manager, Product Manager, Senior Product Manager, "
            "Group Product Manager, VP Product",
            "Product strategy, User research, Roadmapping, Product discovery, Analytics, "
            "Stakeholder management, Pricing, A/B testing",
            "product discovery, growth, platform products, marketplaces, B2B SaaS",
            "Business Administration:bus, Computer Science:sci, Economics:arts, Psychology:arts",
        ),
        _track(
            "design",
            "Junior Designer, Product Designer, Senior Product Designer, Design Lead, "
            "Head of Design",
            "Figma, Interaction design, Design systems, Accessibility, Prototyping, "
            "User research, Typography, Service design",
            "accessibility, design systems, service design, onboarding flows",
            "Interaction Design:arts, Graphic Design:arts, Architecture:arts, Psychology:arts",
        ),
        _track(
            "security",
            "Security Analyst, Security Engineer, Senior Security Engineer, Security Lead, "
            "Chief Information Security Officer",
            "Threat modelling, Incident response, Cloud security, Penetration testing, "
            "Identity and access management, Linux, Security audits",
            "application security, incident response, cloud security, privacy engineering",
            "Computer Science:sci, Information Security:sci, Mathematics:sci",
        ),
        _track(
            "sales",
            "Sales Development Representative, Account Executive, Senior Account Executive, "
            "Sales Manager, VP Sales",
            "Negotiation, B2B sales, CRM, Account management, Sales forecasting, Partnerships, "
            "Public speaking, Prospecting",
            "enterprise sales, partnerships, new markets, customer relationships",
            "Business Administration:bus, Marketing:bus, Communications:arts, Economics:arts",
        ),
        _track(
            "marketing",
            "Marketing Assistant, Marketing Manager, Senior Marketing Manager, "
            "Head of Marketing, Chief Marketing Officer",
            "Content strategy, SEO, Brand strategy, Copywriting, Campaign management, "
            "Marketing analytics, Social media, Event planning",
            "brand, content, lifecycle marketing, community-led growth",
            "Marketing:bus, Communications:arts, English Literature:arts, Psychology:arts",
        ),
        _track(
            "customer",
            "Customer Support Specialist, Customer Success Manager, "
            "Senior Customer Success Manager, Head of Customer Success, VP Customer",
            "Customer success, Onboarding, Account management, Zendesk, Churn reduction, "
            "Training, Customer experience",
            "customer onboarding, retention, support operations",
            "Business Administration:bus, Communications:arts, Psychology:arts",
        ),
        _track(
            "talent",
            "Recruiting Coordinator, Recruiter, Senior Recruiter, Talent Partner, Head of Talent",
            "Recruiting, Employer branding, Interviewing, Onboarding, Sourcing, "
            "Diversity and inclusion, Networking, Coaching",
            "tech hiring, inclusive hiring, employer brand, early careers",
            "Psychology:arts, Human Resource Management:bus, Sociology:arts",
        ),
        _track(
            "community",
            "Community Coordinator, Community Manager, Senior Community Manager, "
            "Head of Community, Director of Ecosystem",
            "Community building, Event planning, Partnerships, Public speaking, Networking, "
            "Content strategy, Facilitation",
            "founder communities, meetups, ecosystem building, alumni networks",
            "Communications:arts, Sociology:arts, Business Administration:bus",
        ),
        _track(
            "operations",
            "Operations Associate, Operations Manager, Senior Operations Manager, "
            "Head of Operations, Chief Operating Officer",
            "Process improvement, Lean, Project management, Budgeting, Vendor management, "
            "Excel, OKRs",
            "scaling operations, process design, business operations",
            "Business Administration:bus, Industrial Engineering:eng, Economics:arts",
        ),
        _track(
            "finance",
            "Financial Analyst, Senior Financial Analyst, Finance Manager, Finance Director, "
            "Chief Financial Officer",
            "Financial modelling, FP&A, Accounting, IFRS, Valuation, Excel, Budgeting, Treasury",
            "FP&A, fundraising, unit economics, audit readiness",
            "Accounting:bus, Finance:bus, Economics:arts, Mathematics:sci",
        ),
        _track(
            "banking",
            "Analyst, Associate, Vice President, Director, Managing Director",
            "Credit analysis, Financial modelling, Capital markets, Risk management, "
            "Valuation, Portfolio management, Due diligence",
            "credit, capital markets, sustainable finance, SME lending",
            "Finance:bus, Economics:arts, Mathematics:sci, Business Administration:bus",
        ),
        _track(
            "risk",
            "Compliance Analyst, Compliance Officer, Senior Risk Manager, Head of Risk, "
            "Chief Risk Officer",
            "Regulatory compliance, Risk management, Anti-money laundering, Audit, "
            "Policy writing, GDPR",
            "financial crime, regulatory change, operational risk",
            "Law:law, Finance:bus, Economics:arts",
        ),
        _track(
            "nursing",
            "Staff Nurse, Senior Nurse, Clinical Nurse Specialist, Nurse Manager, "
            "Director of Nursing",
            "Patient care, Clinical governance, Triage, Care coordination, Infection control, "
            "Quality improvement, Health informatics",
            "patient safety, community care, critical care, digital health",
            "Nursing:nurse, Midwifery:nurse, Public Health:sci",
        ),
        _track(
            "medicine",
            "Junior Doctor, Registrar, Consultant Physician, Clinical Lead, Medical Director",
            "Clinical medicine, Diagnosis, Clinical research, Medical education, "
            "Patient safety, Telemedicine",
            "primary care, cardiology, telemedicine, clinical research",
            "Medicine:med",
        ),
        _track(
            "research",
            "Research Assistant, Research Scientist, Senior Scientist, Principal Scientist, "
            "Head of Research",
            "Molecular biology, Clinical trials, Lab management, Bioinformatics, "
            "Grant writing, Statistics, Regulatory affairs",
            "drug discovery, diagnostics, genomics, materials research",
            "Biology:sci, Chemistry:sci, Biochemistry:sci, Physics:sci",
        ),
        _track(
            "teaching",
            "Teaching Assistant, Teacher, Senior Teacher, Head of Department, Head of School",
            "Curriculum design, Classroom management, Assessment, EdTech, Mentoring, "
            "Special educational needs",
            "STEM education, inclusive classrooms, early years, adult learning",
            "Education:arts, Mathematics:sci, History:arts, English Literature:arts",
        ),
        _track(
            "learning",
            "Learning Designer, Instructional Designer, Senior Learning Designer, "
            "Learning Lead, Director of Learning",
            "Instructional design, E-learning, Facilitation, Curriculum design, "
            "Learning analytics, Video production",
            "online learning, workplace learning, bootcamps",
            "Education:arts, Psychology:arts, Communications:arts",
        ),
        _track(
            "energy",
            "Graduate Engineer, Project Engineer, Senior Engineer, Engineering Manager, "
            "Chief Engineer",
            "Renewable energy, Grid integration, Power systems, AutoCAD, Project finance, "
            "Energy modelling, Battery storage, Health and safety",
            "offshore wind, solar, grid storage, heat pumps, hydrogen",
            "Electrical Engineering:eng, Mechanical Engineering:eng, Energy Systems:eng, "
            "Physics:sci",
        ),
        _track(
            "sustainability",
            "Sustainability Analyst, Sustainability Manager, Senior Sustainability Manager, "
            "Head of Sustainability, Chief Sustainability Officer",
            "Carbon accounting, ESG reporting, Life-cycle assessment, Climate policy, "
            "Circular economy, Stakeholder engagement",
            "net zero, supply-chain emissions, circular economy, climate risk",
            "Environmental Science:sci, Economics:arts, Geography:arts",
        ),
        _track(
            "supply",
            "Logistics Coordinator, Logistics Manager, Senior Supply Chain Manager, "
            "Head of Supply Chain, VP Supply Chain",
            "Supply chain, Fleet management, Warehouse operations, Demand planning, "
            "Route optimisation, Procurement, SAP",
            "last-mile delivery, cold chain, demand planning, freight",
            "Logistics:bus, Industrial Engineering:eng, Business Administration:bus",
        ),
        _track(
            "journalism",
            "Junior Reporter, Reporter, Senior Editor, Managing Editor, Editor-in-Chief",
            "Journalism, Editing, Storytelling, Podcasting, Fact-checking, Video production, "
            "Audience development",
            "investigative reporting, audio, local news, data journalism",
            "Journalism:arts, English Literature:arts, Political Science:arts",
        ),
        _track(
            "creative",
            "Junior Designer, Graphic Designer, Senior Designer, Art Director, Creative Director",
            "Branding, Adobe Creative Suite, Typography, Art direction, Motion design, "
            "Illustration, Photography",
            "brand identity, motion, editorial design, campaigns",
            "Graphic Design:arts, Fine Art:arts, Illustration:arts",
        ),
        _track(
            "consulting",
            "Business Analyst, Consultant, Senior Consultant, Manager, Partner",
            "Strategy, Problem solving, Due diligence, Change management, Financial modelling, "
            "Workshop facilitation, Stakeholder management",
            "operating models, digital transformation, public-sector reform, M&A",
            "Economics:arts, Business Administration:bus, Engineering:eng, Mathematics:sci",
        ),
        _track(
            "retail",
            "Store Supervisor, Store Manager, Area Manager, Regional Manager, Head of Retail",
            "Merchandising, Retail operations, Customer experience, Inventory management, "
            "Team leadership, E-commerce",
            "store experience, omnichannel retail, team development",
            "Business Administration:bus, Retail Management:bus, Marketing:bus",
        ),
        _track(
            "buying",
            "Assistant Buyer, Buyer, Senior Buyer, Category Manager, Head of Buying",
            "Buying, Category management, Supplier negotiation, Trend analysis, Pricing, "
            "Range planning",
            "sustainable sourcing, private label, category growth",
            "Business Administration:bus, Fashion Management:bus, Economics:arts",
        ),
        _track(
            "policy",
            "Policy Officer, Policy Adviser, Senior Policy Adviser, Head of Policy, "
            "Director of Policy",
            "Public policy, Research, Advocacy, Stakeholder engagement, Impact evaluation, "
            "Report writing",
            "housing, digital rights, climate policy, public health",
            "Political Science:arts, Public Policy:arts, Law:law, Economics:arts",
        ),
        _track(
            "programmes",
            "Programme Assistant, Programme Officer, Programme Manager, Head of Programmes, "
            "Executive Director",
            "Programme management, Fundraising, Monitoring and evaluation, "
            "Community engagement, Partnerships, Volunteer management",
            "youth employment, refugee support, community health, digital skills",
            "Development Studies:arts, Sociology:arts, Public Health:sci",
        ),
        _track(
            "mechanical",
            "Graduate Engineer, Mechanical Engineer, Senior Mechanical Engineer, "
            "Engineering Lead, Head of Engineering",
            "CAD, SolidWorks, Manufacturing processes, Quality assurance, "
            "Lean manufacturing, Six Sigma, Embedded systems, Robotics",
            "robotics, electric drivetrains, product development, factory automation",
            "Mechanical Engineering:eng, Mechatronics:eng, Materials Science:sci",
        ),
        _track(
            "networks",
            "Network Technician, Network Engineer, Senior Network Engineer, "
            "Network Architect, Head of Network Engineering",
            "Networking, 5G, Fibre optics, RF engineering, Network security, Linux, "
            "Network automation",
            "5G rollout, fibre networks, network automation, rural connectivity",
            "Electrical Engineering:eng, Telecommunications:eng, Computer Science:sci",
        ),
    )
}

# Skills anyone may list, whatever their line of work.
GENERAL_SKILLS: tuple[str, ...] = _list(
    "Leadership, Mentoring, Public speaking, Project management, Team building, "
    "Cross-functional collaboration, Writing, Spanish, French, German, Coaching, "
    "Strategic planning"
)

# Lines of work people take from one industry to another; a teacher or a nurse
# stays in their field, an engineer or a recruiter may work anywhere.
TRANSFERABLE_TRACKS: tuple[str, ...] = (
    "engineering",
    "data",
    "product",
    "design",
    "security",
    "sales",
    "marketing",
    "customer",
    "talent",
    "community",
    "operations",
    "finance",
)

# Tracks the most connected members follow: the people who introduce others.
CONNECTOR_TRACKS: tuple[str, ...] = ("talent", "community", "sales")
