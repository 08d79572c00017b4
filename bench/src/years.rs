//! Generated reporting years for the coverage bench (`samla-bench coverage`): what real years
//! have where linkage is weakest.
//!
//! - client groups with their own name pools, drawn with skewed (Zipf) frequencies and a few
//!   very common full names per group (many namesakes, often born the same year: ages cluster
//!   between 18 and 35);
//! - name diversity from "a few dozen names per group" to realistic (most family names rare);
//! - birth dates: full for 40–100 % of records, 10–40 % missing, the rest year only, some
//!   1 January placeholders and estimated years one off; people without papers are known only
//!   by year or not at all at every member;
//! - transliteration variants, typos, given and family name swapped, family name missing;
//! - 5–40 members of skewed sizes, some specialised in one client group; a person at one to
//!   five members.
//!
//! Deterministic for a seed. Ground truth is the `entity` of each record.

use crate::rng::Rng;
use crate::synth::typo;

/// One client group: country code, female and male given names, family names. Each inner list
/// is one name as different members may write it; the first spelling is the most common.
struct Group {
    country: &'static str,
    female: &'static [&'static [&'static str]],
    male: &'static [&'static [&'static str]],
    family: &'static [&'static [&'static str]],
    /// Syllables for rare family names of this group.
    syllables: &'static [&'static str],
    weight: f64,
}

const GROUPS: &[Group] = &[
    Group {
        country: "NG",
        female: &[
            &["Blessing"],
            &["Joy"],
            &["Precious"],
            &["Mercy"],
            &["Favour", "Favor"],
            &["Esther"],
            &["Gift"],
            &["Peace"],
            &["Faith"],
            &["Osas"],
            &["Happiness"],
            &["Princess"],
            &["Grace"],
            &["Patience"],
            &["Success"],
            &["Glory"],
        ],
        male: &[&["Emeka"], &["Osagie"], &["Chinedu"], &["Ibrahim"], &["Samuel"]],
        family: &[
            &["Osagie"],
            &["Igbinedion"],
            &["Omoregie"],
            &["Okafor"],
            &["Eze"],
            &["Okonkwo"],
            &["Adeyemi"],
            &["Osaro"],
            &["Ehigiator"],
            &["Obaseki"],
            &["Aigbe"],
            &["Idahosa"],
            &["Musa"],
            &["Ibrahim"],
        ],
        syllables: &["o", "sa", "gie", "ig", "bi", "ne", "di", "on", "e", "hi", "ga", "to", "ri", "mo", "we", "ku"],
        weight: 0.26,
    },
    Group {
        country: "RO",
        female: &[
            &["Maria"],
            &["Elena"],
            &["Ioana"],
            &["Andreea", "Andrea"],
            &["Alexandra"],
            &["Mihaela"],
            &["Ana-Maria", "Ana Maria"],
            &["Florentina"],
            &["Georgiana"],
            &["Nicoleta"],
        ],
        male: &[&["Ionut", "Ionuț"], &["Florin"], &["Mihai"], &["Alexandru"], &["Gheorghe"], &["Marian"]],
        family: &[
            &["Popescu"],
            &["Popa"],
            &["Pop"],
            &["Radu"],
            &["Dumitru"],
            &["Stan"],
            &["Stoica"],
            &["Gheorghe"],
            &["Constantin"],
            &["Ionescu"],
            &["Munteanu"],
            &["Lăcătuș", "Lacatus"],
            &["Rostaș", "Rostas"],
            &["Căldăraru", "Caldararu"],
        ],
        syllables: &["ra", "du", "les", "cu", "ma", "ri", "nes", "tea", "nu", "vo", "pa", "si", "lo", "ghe"],
        weight: 0.18,
    },
    Group {
        country: "UA",
        female: &[
            &["Olga", "Olha", "Ольга"],
            &["Natalia", "Nataliya", "Natalya"],
            &["Yulia", "Yuliia", "Julia"],
            &["Tetiana", "Tatiana", "Tatyana"],
            &["Oksana"],
            &["Iryna", "Irina"],
            &["Svitlana", "Svetlana"],
            &["Anastasiia", "Anastasia"],
            &["Kateryna", "Ekaterina", "Yekaterina"],
            &["Viktoriia", "Viktoria", "Victoria"],
        ],
        male: &[&["Oleksandr", "Aleksandr", "Alexander"], &["Serhii", "Sergey", "Sergei"], &["Dmytro", "Dmitry"]],
        family: &[
            &["Kovalenko"],
            &["Shevchenko", "Ševčenko", "Schewtschenko"],
            &["Bondarenko"],
            &["Tkachenko"],
            &["Kravchenko", "Kravtjenko"],
            &["Melnyk", "Melnik"],
            &["Ivanova", "Иванова"],
            &["Petrova"],
            &["Kovalchuk"],
            &["Boiko", "Boyko"],
        ],
        syllables: &["ko", "va", "len", "shen", "chuk", "ny", "ra", "bo", "da", "tka", "ov", "ska", "lyk", "pe"],
        weight: 0.12,
    },
    Group {
        country: "VN",
        female: &[
            &["Thị Lan", "Thi Lan"],
            &["Thị Hương", "Thi Huong"],
            &["Thị Hoa", "Thi Hoa"],
            &["Thị Mai", "Thi Mai"],
            &["Ngọc Anh", "Ngoc Anh"],
            &["Thu Trang"],
        ],
        male: &[&["Văn Minh", "Van Minh"], &["Văn Hùng", "Van Hung"], &["Văn Nam", "Van Nam"], &["Đức Anh", "Duc Anh"]],
        family: &[
            &["Nguyễn", "Nguyen"],
            &["Trần", "Tran"],
            &["Lê", "Le"],
            &["Phạm", "Pham"],
            &["Hoàng", "Hoang"],
            &["Phan"],
            &["Vũ", "Vu"],
            &["Đặng", "Dang"],
        ],
        syllables: &["ng", "uy", "en", "tr", "an", "ho", "ang", "vu", "do", "bui", "ly"],
        weight: 0.10,
    },
    Group {
        country: "SO",
        female: &[
            &["Fatima", "Fatuma", "Faadumo"],
            &["Amina", "Aamina"],
            &["Aisha", "Ayaan", "Aysha"],
            &["Hodan"],
            &["Khadija", "Khadijo"],
            &["Maryan", "Maryam"],
            &["Sahra", "Sahro"],
        ],
        male: &[&["Mohamed", "Mohammed", "Muhammad"], &["Ahmed", "Ahmad"], &["Abdi"], &["Ali"], &["Hassan", "Hasan"]],
        family: &[
            &["Mohamed", "Mohammed", "Mohamud"],
            &["Ahmed", "Axmed"],
            &["Ali", "Cali"],
            &["Hassan", "Xasan"],
            &["Abdi", "Cabdi"],
            &["Omar", "Cumar"],
            &["Farah", "Faarax"],
            &["Hussein", "Xuseen"],
            &["Abdullahi", "Cabdullaahi"],
            &["Warsame"],
        ],
        syllables: &["ab", "di", "war", "sa", "me", "yu", "suf", "ha", "ji", "gu", "led", "ka", "ri", "cu"],
        weight: 0.14,
    },
    Group {
        country: "TH",
        female: &[&["Siriporn"], &["Malee"], &["Nok"], &["Kanya"], &["Somsri"], &["Ratana"], &["Pim"]],
        male: &[&["Somchai"], &["Somsak"]],
        family: &[&["Saelee", "Sae-Lee"], &["Srisuk"], &["Chaiyaphum"], &["Wongsakul"], &["Boonmee"]],
        syllables: &["won", "sa", "kul", "chai", "ya", "phum", "boon", "mee", "sri", "suk", "tha", "non", "rat", "pra"],
        weight: 0.08,
    },
    Group {
        country: "CN",
        female: &[&["Fang"], &["Na"], &["Jing"], &["Li"], &["Min"], &["Yan"], &["Xiu Ying", "Xiuying"]],
        male: &[&["Wei"], &["Yang"], &["Lei"]],
        family: &[&["Wang"], &["Li"], &["Zhang"], &["Liu"], &["Chen"], &["Yang"], &["Huang"], &["Zhao"]],
        syllables: &["zh", "ou", "xi", "ao", "ma", "hu", "guo", "lin", "he", "gao"],
        weight: 0.05,
    },
    Group {
        country: "SE",
        female: &[&["Anna"], &["Maria"], &["Sara"], &["Emma"], &["Johanna"], &["Elin"], &["Linnea"]],
        male: &[&["Erik"], &["Johan"], &["Lars"]],
        family: &[
            &["Andersson"],
            &["Johansson"],
            &["Karlsson", "Carlsson"],
            &["Nilsson"],
            &["Eriksson", "Ericsson"],
            &["Larsson"],
            &["Olsson"],
            &["Persson"],
        ],
        syllables: &["berg", "lund", "ström", "qvist", "gren", "dahl", "sjö", "holm", "ek", "lind"],
        weight: 0.07,
    },
];

/// How one generated year looks.
#[derive(Debug, Clone)]
pub struct Shape {
    pub seed: u64,
    pub members: usize,
    pub people: usize,
    /// Share of people whose family name comes from the group's common list (the rest are
    /// rare); 1.0 = "a few dozen names per group".
    pub common_names: f64,
    /// Share of records with a full birth date (before placeholders).
    pub full_dob: f64,
    /// Share of records without any birth date.
    pub missing_dob: f64,
    /// Share of people seen by more than one member.
    pub multi: f64,
    /// Probability that a record spells a name in another variant.
    pub variants: f64,
    /// Zipf exponent of the given names within a group (1.1: a few names for many people).
    pub given_zipf: f64,
    /// Share of people (times `common_names`) given the group's top full name exactly.
    pub top_name: f64,
}

/// The two families of generated years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Harder than real years: common full names shared by people of the same birth year,
    /// 10–40 % of records without a birth date (the stress test).
    Stress,
    /// Shaped like the platform's years: names as diverse as real client groups (mostly
    /// family names of their own, given names less concentrated, no crowd of one full name),
    /// 5–20 % of records without a birth date, full dates for 60–95 %.
    Realistic,
}

impl Family {
    pub fn parse(s: &str) -> Option<Family> {
        match s {
            "stress" => Some(Family::Stress),
            "realistic" => Some(Family::Realistic),
            _ => None,
        }
    }
}

impl Shape {
    /// A varied shape from a seed: 5–40 members, 200–5 000 people, names from few to
    /// realistic, full birth dates for 40–100 % of records, 10–40 % missing.
    pub fn from_seed(seed: u64, max_people: usize) -> Shape {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9) ^ 0xC0FFEE);
        let members = 5 + r.below(36);
        // Log-uniform people.
        let lo = (200f64).ln();
        let hi = (max_people.max(201) as f64).ln();
        let people = (lo + r.unit() * (hi - lo)).exp() as usize;
        let full_dob = 0.4 + 0.6 * r.unit();
        let missing_dob = (0.1 + 0.3 * r.unit()).min(1.0 - full_dob).max(0.0);
        Shape {
            seed,
            members,
            people,
            common_names: 0.3 + 0.7 * r.unit(),
            full_dob,
            missing_dob,
            multi: 0.1 + 0.3 * r.unit(),
            variants: 0.1 + 0.3 * r.unit(),
            given_zipf: 1.1,
            top_name: 0.08,
        }
    }

    /// A shape of `family` from a seed (the stress family is [`Shape::from_seed`]).
    pub fn of(family: Family, seed: u64, max_people: usize) -> Shape {
        match family {
            Family::Stress => Shape::from_seed(seed, max_people),
            Family::Realistic => Shape::realistic(seed, max_people),
        }
    }

    /// A realistic shape from a seed: 10–35 members, 200–`max_people` people, family names
    /// mostly of their own (10–40 % from the group's common list), given names with a Zipf
    /// exponent of 0.7–0.9, full birth dates for 60–95 % of records and 5–20 % without.
    pub fn realistic(seed: u64, max_people: usize) -> Shape {
        let mut r = Rng(seed.wrapping_mul(0x2545_F491) ^ 0x5EA1);
        let members = 10 + r.below(26);
        let lo = (200f64).ln();
        let hi = (max_people.max(201) as f64).ln();
        let people = (lo + r.unit() * (hi - lo)).exp() as usize;
        let full_dob = 0.6 + 0.35 * r.unit();
        let missing_dob = (0.05 + 0.15 * r.unit()).min(1.0 - full_dob).max(0.0);
        Shape {
            seed,
            members,
            people,
            common_names: 0.1 + 0.3 * r.unit(),
            full_dob,
            missing_dob,
            multi: 0.1 + 0.3 * r.unit(),
            variants: 0.1 + 0.3 * r.unit(),
            given_zipf: 0.7 + 0.2 * r.unit(),
            top_name: 0.0,
        }
    }
}

/// One generated record.
#[derive(Debug, Clone)]
pub struct Rec {
    pub member: u32,
    pub entity: u32,
    pub given: String,
    pub family: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty.
    pub birth: String,
    pub gender: &'static str,
    pub country: Option<&'static str>,
}

fn zipf(r: &mut Rng, n: usize, s: f64) -> usize {
    let total: f64 = (1..=n).map(|k| 1.0 / (k as f64).powf(s)).sum();
    let mut x = r.unit() * total;
    for k in 1..=n {
        x -= 1.0 / (k as f64).powf(s);
        if x <= 0.0 {
            return k - 1;
        }
    }
    n - 1
}

fn rare(r: &mut Rng, syl: &[&str]) -> String {
    let n = 2 + r.below(3);
    let s: String = (0..n).map(|_| syl[r.below(syl.len())]).collect();
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn variant(r: &mut Rng, s: &str) -> String {
    let rules = [
        ("k", "c"),
        ("v", "w"),
        ("sh", "sch"),
        ("ya", "ja"),
        ("ov", "off"),
        ("i", "y"),
        ("j", "y"),
        ("u", "ou"),
        ("ie", "ye"),
        ("e", "i"),
    ];
    for _ in 0..4 {
        let (from, to) = rules[r.below(rules.len())];
        if s.contains(from) {
            return s.replacen(from, to, 1);
        }
    }
    s.to_string()
}

struct Person {
    group: usize,
    female: bool,
    given: usize,
    family: Option<usize>,
    rare_family: String,
    year: i32,
    month: u32,
    day: u32,
    /// Without papers: members know the year at most, often not even that.
    undocumented: bool,
}

/// Generate one year. Returns the records and the number of true persons.
pub fn generate(s: &Shape) -> (Vec<Rec>, usize) {
    let mut r = Rng(s.seed ^ 0x005E_ED0F_7EA5);
    // Members: skewed sizes, half of them specialised in one group.
    let member_weight: Vec<f64> = (0..s.members).map(|k| 1.0 / (1.0 + k as f64).powf(0.8)).collect();
    let member_group: Vec<Option<usize>> =
        (0..s.members).map(|_| if r.chance(0.5) { Some(pick_group(&mut r)) } else { None }).collect();
    let mut people = Vec::with_capacity(s.people);
    for _ in 0..s.people {
        let group = pick_group(&mut r);
        let g = &GROUPS[group];
        let female = r.chance(0.75);
        let names = if female { g.female } else { g.male };
        let given = zipf(&mut r, names.len(), s.given_zipf);
        let family = if r.chance(s.common_names) { Some(zipf(&mut r, g.family.len(), 1.0)) } else { None };
        let rare_family = rare(&mut r, g.syllables);
        // Ages mostly 18–35 (the year 2024), some minors.
        let age = 14 + r.below(8) + r.below(8) + r.below(10);
        people.push(Person {
            group,
            female,
            given,
            family,
            rare_family,
            year: 2024 - age as i32,
            month: 1 + r.below(12) as u32,
            day: 1 + r.below(28) as u32,
            undocumented: r.chance(0.2),
        });
    }
    // A few very common full names per group: some people share the group's top name exactly.
    for p in people.iter_mut() {
        if r.chance(s.top_name * s.common_names) {
            p.given = 0;
            p.family = Some(0);
        }
    }
    let mut out = Vec::new();
    for (e, p) in people.iter().enumerate() {
        let k = if r.chance(s.multi) {
            match r.below(10) {
                0..=6 => 2,
                7..=8 => 3,
                _ => 4 + r.below(2),
            }
        } else {
            1
        };
        let k = k.min(s.members);
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < k {
            let m = pick_member(&mut r, &member_weight, &member_group, p.group);
            if !chosen.contains(&m) {
                chosen.push(m);
            }
        }
        let g = &GROUPS[p.group];
        for (i, &m) in chosen.iter().enumerate() {
            let names = if p.female { g.female } else { g.male };
            let spellings = names[p.given];
            let mut given = if r.chance(s.variants) { r.pick(spellings).to_string() } else { spellings[0].to_string() };
            let mut family = match p.family {
                Some(f) => {
                    let sp = g.family[f];
                    if r.chance(s.variants) {
                        r.pick(sp).to_string()
                    } else {
                        sp[0].to_string()
                    }
                }
                None if i > 0 && r.chance(s.variants) => variant(&mut r, &p.rare_family),
                None => p.rare_family.clone(),
            };
            if r.chance(0.04) {
                family = typo(&mut r, &family);
            }
            if r.chance(0.03) {
                given = typo(&mut r, &given);
            }
            if r.chance(0.06) {
                std::mem::swap(&mut given, &mut family);
            }
            if r.chance(0.04) {
                family.clear();
            }
            let birth = birth_of(&mut r, s, p);
            let gender = if r.chance(0.02) {
                "unknown"
            } else if p.female {
                "female"
            } else {
                "male"
            };
            let country = if r.chance(0.05) { None } else { Some(g.country) };
            out.push(Rec { member: m as u32, entity: e as u32, given, family, birth, gender, country });
        }
    }
    (out, people.len())
}

fn birth_of(r: &mut Rng, s: &Shape, p: &Person) -> String {
    let full = if p.undocumented { s.full_dob * 0.3 } else { s.full_dob };
    let missing = if p.undocumented { (s.missing_dob * 2.0).min(1.0 - full) } else { s.missing_dob };
    let x = r.unit();
    if x < full {
        let (mut m, mut d) = (p.month, p.day);
        if r.chance(0.02) {
            std::mem::swap(&mut m, &mut d);
            if m > 12 {
                (m, d) = (p.month, (p.day % 28) + 1);
            }
        }
        format!("{:04}-{m:02}-{d:02}", p.year)
    } else if x < full + missing {
        String::new()
    } else {
        // Year only, sometimes an estimate one off, sometimes written as 1 January.
        let y = if p.undocumented && r.chance(0.2) { p.year + if r.chance(0.5) { 1 } else { -1 } } else { p.year };
        if r.chance(0.2) {
            format!("{y:04}-01-01")
        } else {
            format!("{y:04}")
        }
    }
}

fn pick_group(r: &mut Rng) -> usize {
    let total: f64 = GROUPS.iter().map(|g| g.weight).sum();
    let mut x = r.unit() * total;
    for (i, g) in GROUPS.iter().enumerate() {
        x -= g.weight;
        if x <= 0.0 {
            return i;
        }
    }
    GROUPS.len() - 1
}

fn pick_member(r: &mut Rng, w: &[f64], spec: &[Option<usize>], group: usize) -> usize {
    let adj: Vec<f64> = w
        .iter()
        .zip(spec)
        .map(|(&x, s)| match s {
            Some(g) if *g == group => x * 4.0,
            Some(_) => x * 0.4,
            None => x,
        })
        .collect();
    let total: f64 = adj.iter().sum();
    let mut x = r.unit() * total;
    for (i, a) in adj.iter().enumerate() {
        x -= a;
        if x <= 0.0 {
            return i;
        }
    }
    adj.len() - 1
}

/// Write the plaintext of generated years as CSV (`year-<seed>.csv`, the columns of the prepared
/// data sets plus gender and birth country), so a plaintext linker can count the same years.
pub fn write_csv(
    dir: &std::path::Path,
    years: usize,
    first_seed: u64,
    max_people: usize,
    family: Family,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    for seed in first_seed..first_seed + years as u64 {
        let shape = Shape::of(family, seed, max_people);
        let (recs, truth) = generate(&shape);
        let path = dir.join(format!("year-{seed}.csv"));
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(["member", "rec_id", "entity", "given_name", "surname", "date_of_birth", "gender", "country"])?;
        for (i, r) in recs.iter().enumerate() {
            w.write_record([
                format!("m{}", r.member),
                i.to_string(),
                r.entity.to_string(),
                r.given.clone(),
                r.family.clone(),
                r.birth.clone(),
                r.gender.to_string(),
                r.country.unwrap_or("").to_string(),
            ])?;
        }
        w.flush()?;
        println!("{}\t{}\t{}", path.display(), recs.len(), truth);
    }
    Ok(())
}
