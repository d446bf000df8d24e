"""Industries and the invented employers in them.

Names are made up; any likeness to a real company is an accident. `size` is how
many of the community's jobs a company draws relative to its industry peers: a
few big employers give colleague clusters, many small ones give the long tail.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    name: str
    weight: float
    # (track key, weight): what people who work in this industry do.
    tracks: tuple[tuple[str, float], ...]
    # One line for a company page; {name} is the company.
    blurb: str


@dataclass(frozen=True)
class CompanySeed:
    name: str
    industry: str
    size: float


def _tracks(text: str) -> tuple[tuple[str, float], ...]:
    pairs = []
    for item in text.split(","):
        key, weight = item.strip().split(":")
        pairs.append((key, float(weight)))
    return tuple(pairs)


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "Software",
        6,
        _tracks(
            "engineering:5, data:2, product:2, design:1.5, sales:1, marketing:1, talent:0.7, "
            "security:0.7, customer:1, operations:0.5, community:0.3"
        ),
        "{name} builds software that teams rely on every day.",
    ),
    Industry(
        "Financial services",
        4,
        _tracks(
            "banking:3, finance:2, risk:1.5, data:1, engineering:1.5, product:0.7, sales:0.7, "
            "talent:0.4, operations:0.6"
        ),
        "{name} helps people and businesses save, borrow and invest.",
    ),
    Industry(
        "Healthcare",
        3.5,
        _tracks(
            "nursing:3, medicine:2, research:1.5, operations:1, data:0.7, engineering:0.5, "
            "talent:0.4, finance:0.4"
        ),
        "{name} looks after patients and the people who care for them.",
    ),
    Industry(
        "Education",
        2.5,
        _tracks(
            "teaching:4, learning:1.5, operations:0.7, engineering:0.5, marketing:0.5, "
            "programmes:0.5, community:0.3"
        ),
        "{name} helps people learn, from first lessons to new careers.",
    ),
    Industry(
        "Energy and climate",
        2.5,
        _tracks(
            "energy:3, sustainability:2, data:0.8, finance:0.7, operations:0.8, policy:0.5, "
            "engineering:0.6"
        ),
        "{name} works on cleaner energy and a lower-carbon economy.",
    ),
    Industry(
        "Logistics",
        2,
        _tracks("supply:4, operations:1.5, data:0.8, engineering:0.8, sales:0.7, customer:0.5"),
        "{name} moves goods from where they are made to where they are needed.",
    ),
    Industry(
        "Media and design",
        2,
        _tracks(
            "journalism:2.5, creative:2.5, marketing:1.5, design:1, sales:0.5, product:0.3, "
            "community:0.3"
        ),
        "{name} tells stories and makes things people want to look at.",
    ),
    Industry(
        "Consulting",
        2,
        _tracks("consulting:5, data:1, finance:0.7, talent:0.4, sustainability:0.3"),
        "{name} advises organisations through change.",
    ),
    Industry(
        "Retail and consumer",
        2,
        _tracks(
            "retail:2.5, buying:1.5, marketing:1.5, supply:0.8, data:0.6, engineering:0.6, "
            "customer:0.6, design:0.4"
        ),
        "{name} sells everyday things, in shops and online.",
    ),
    Industry(
        "Public sector and non-profit",
        2,
        _tracks("policy:2.5, programmes:3, data:0.6, marketing:0.5, finance:0.5, community:0.5"),
        "{name} works for the public good.",
    ),
    Industry(
        "Manufacturing",
        1.5,
        _tracks(
            "mechanical:4, operations:1.5, supply:0.8, sales:0.7, engineering:0.5, research:0.5"
        ),
        "{name} designs and makes physical products.",
    ),
    Industry(
        "Telecommunications",
        1,
        _tracks("networks:3.5, engineering:1.5, sales:1, customer:1, product:0.7, security:0.6"),
        "{name} keeps people and machines connected.",
    ),
)


def _companies(industry: str, text: str) -> tuple[CompanySeed, ...]:
    seeds = []
    for item in text.split(","):
        name, size = item.strip().rsplit(":", 1)
        seeds.append(CompanySeed(name=name.strip(), industry=industry, size=float(size)))
    return tuple(seeds)


COMPANIES: tuple[CompanySeed, ...] = (
    *_companies(
        "Software",
        "Northwind Analytics:9, Polaris Cloud:8, Brightloop:5, Kestrel Systems:5, "
        "Lumen Labs:4, Quillsoft:3, Harborline Software:4, Tessellate:3, Fernway:2, "
        "Cobalt Ridge:3, Paperkite:2, Orbitwise:3, Stackhaven:2, Driftwood Data:2, "
        "Mosaic Works:2, Tidewater Tech:3, Lanternfish:1, Bluepeak Software:2, "
        "Openfield:1, Nimbus Forge:2, Waypoint Maps:2, Cinder Security:2, "
        "Ironbark Security:1, Juniper Byte:1, Sparrowhawk AI:2",
    ),
    *_companies(
        "Financial services",
        "Meridian Bank:9, Atlas Mutual:7, Copperleaf Capital:3, Fairhaven Insurance:4, "
        "Ledgerline:3, Penny & Post:2, Granite Trust:3, Silverbirch Partners:2, "
        "Keystone Payments:4, Northgate Investments:2, Harbour Street Bank:5, "
        "Sable Asset Management:2, Clearwater Credit Union:1, Riverstone Fintech:2, "
        "Sterling Oak Advisors:1",
    ),
    *_companies(
        "Healthcare",
        "Brightwater Health:9, Linden Hospital Group:7, Cedar Clinics:4, "
        "Helix Diagnostics:3, Willow Care:3, Vireo Therapeutics:2, Medley Health:2, "
        "Pulsepoint Labs:2, Saffron Pharma:4, Kinnear Medical:2, Solace Mental Health:1, "
        "Aster Biotech:2, Tandem Health:2, Riverside Community Clinics:1",
    ),
    *_companies(
        "Education",
        "Brightpath Learning:4, Open Quill Academy:3, Lantern Schools:5, Kite Learning:2, "
        "Northbridge Tutors:1, Scholar Street:2, Acorn Education Trust:4, "
        "Campus Commons:2, Fluent Forward:1, Codebridge Bootcamp:2",
    ),
    *_companies(
        "Energy and climate",
        "Verdant Grid:7, Solara Energy:5, Windward Power:4, Carbon Ledger:2, "
        "Tidal Works:2, Greenfield Hydrogen:2, Heliostat Solar:3, Evergreen Retrofits:2, "
        "Bluecell Batteries:3, Ridgeback Renewables:2, Terra Loop Recycling:1",
    ),
    *_companies(
        "Logistics",
        "Swiftlane Logistics:7, Portside Freight:4, Loop Couriers:3, Cargo Compass:2, "
        "Wayfarer Mobility:3, Metro Motion:2, Parcelbay:3, Northstar Shipping:4, "
        "Last Mile Co:2, Fleetwise:1, Junction Rail:3",
    ),
    *_companies(
        "Media and design",
        "Halftone Studio:2, Paper Lantern Media:4, Fieldnote Podcasts:1, "
        "Signal & Noise:2, Inkwell Press:3, Velvet Frame Films:2, Studio Marlowe:1, "
        "Brightside Agency:3, Pixel Orchard:2, Cartouche Design:1, Open Air Radio:3",
    ),
    *_companies(
        "Consulting",
        "Whitmore & Grey:8, Calder Advisory:4, Fulcrum Partners:4, Blueprint Strategy:2, "
        "Ashdown Consulting:3, Pinnacle Point Advisory:2, Sextant Group:2, "
        "Hartwell & Co:3, Lattice Consulting:2, Ferrous Partners:1",
    ),
    *_companies(
        "Retail and consumer",
        "Juniper Market:8, Goodgrain Foods:4, Harvest Table:3, Threadbare Apparel:2, "
        "Urban Pantry:3, Maison Lumière:2, Bramble & Bloom:1, Corner Basket:2, "
        "Sundial Coffee:3, Kettle & Crumb:1, Nomad Outdoor:2, Velo Bikes:1",
    ),
    *_companies(
        "Public sector and non-profit",
        "City Futures Trust:3, OpenStreet Foundation:2, Civic Lab:2, "
        "Harbour Housing Association:3, Refugee Skills Network:1, "
        "Clean Rivers Alliance:1, Public Data Office:4, Youth Code Initiative:1, "
        "Community Health Partnership:3, The Commons Fund:1",
    ),
    *_companies(
        "Manufacturing",
        "Forgeworks:4, Alder Robotics:3, Precision Parts Co:3, Quartz Devices:2, "
        "Kiln Ceramics:1, Steelhead Machines:3, Circuit Garden:2, "
        "Brass Tacks Manufacturing:2, Modular Motors:3, Carbonfibre Labs:1",
    ),
    *_companies(
        "Telecommunications",
        "Skyline Telecom:7, Relay Networks:4, Fibrelink:3, Beacon Mobile:4, "
        "Wavecrest Communications:2",
    ),
)
