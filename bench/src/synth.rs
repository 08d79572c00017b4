//! Data set (c): a synthetic multi-member year with the variations members really produce:
//! transliteration variants, diacritics, given and family name swapped, family name missing,
//! birth date known only to the month or year, typos; and look-alike different people (same
//! name, another birth date). Deterministic (fixed seed).

use std::path::Path;

use anyhow::Result;

use crate::rng::Rng;

/// Given names: each inner list is one name as different members write it.
const GIVEN: &[&[&str]] = &[
    &["Mohammed", "Muhammad", "Mohamed", "Mohammad"],
    &["Aleksandr", "Alexander", "Aleksander"],
    &["Olga", "Olha", "Ольга"],
    &["Yulia", "Julia", "Yuliya"],
    &["Natalia", "Natalya", "Nataliya"],
    &["Sergei", "Sergey", "Serhiy"],
    &["Dmitri", "Dmitry", "Dmytro"],
    &["Ekaterina", "Yekaterina", "Jekaterina"],
    &["Yusuf", "Youssef", "Jusuf"],
    &["Aisha", "Aysha", "Ayesha"],
    &["Ahmed", "Ahmad", "Achmed"],
    &["Fatima", "Fatimah", "Fatma"],
    &["Hussein", "Husein", "Hussain"],
    &["José", "Jose"],
    &["Thị Lan", "Thi Lan"],
    &["Grace"],
    &["Blessing"],
    &["Joy"],
    &["Precious"],
    &["Mercy"],
    &["Esther"],
    &["Ana-Maria", "Ana Maria"],
    &["Ioana"],
    &["Elena", "Jelena", "Yelena"],
    &["Irina", "Iryna"],
    &["Svetlana"],
    &["Mai"],
    &["Linh"],
    &["Kwame"],
    &["Emeka"],
    &["Abdi"],
    &["Yonas", "Jonas"],
    &["Florin"],
    &["Mihai"],
    &["Daniela"],
    &["Rosa"],
    &["Tatiana", "Tatyana", "Tetiana"],
    &["Oksana"],
    &["Viktoria", "Victoria", "Wiktoria"],
    &["Mariana"],
];

const FAMILY: &[&[&str]] = &[
    &["Nguyễn", "Nguyen"],
    &["Trần", "Tran"],
    &["Phạm", "Pham"],
    &["Ivanova", "Ivanova", "Иванова"],
    &["Petrova"],
    &["Shevchenko", "Ševčenko", "Schewtschenko"],
    &["Kovalenko"],
    &["Popescu"],
    &["Dumitru"],
    &["Okafor"],
    &["Adeyemi"],
    &["Mensah"],
    &["Osei"],
    &["Bello"],
    &["Hassan", "Hasan"],
    &["Mohamud", "Mohamoud"],
    &["Abdullahi", "Abdullah"],
    &["Haile"],
    &["Bekele"],
    &["Tesfaye"],
    &["Yilmaz", "Yılmaz"],
    &["Diallo"],
    &["Rodríguez", "Rodriguez"],
    &["González", "Gonzalez"],
    &["Silva"],
    &["Kowalska"],
    &["Nowak"],
    &["Stan"],
    &["Marin"],
    &["Chaiyaphum"],
    &["Wongsakul"],
    &["Al-Rashid", "Alrashid", "al Rashid"],
    &["Karimi"],
    &["Sokolova"],
    &["Smirnova"],
    &["Kuznetsova", "Kusnezowa"],
    &["Horvat"],
    &["Balogh"],
    &["Dimitrova"],
];

const MEMBERS: usize = 25;
const PEOPLE: usize = 800;

pub(crate) const SYLLABLES: &[&str] = &[
    "ko", "va", "len", "ska", "ma", "ri", "ne", "sco", "pe", "tro", "ba", "lo", "gu", "di", "ya", "shen", "ov", "ich",
    "an", "ze", "mu", "ha", "ka", "ra", "bo", "to", "ni", "el", "ur", "sa", "fi", "de", "wo", "ju", "kwa", "me",
];

/// A family name not in the lists (most names are rare): 2–3 syllables, capitalised.
fn rare_family(r: &mut Rng) -> String {
    let n = 2 + r.below(2);
    let s: String = (0..n).map(|_| SYLLABLES[r.below(SYLLABLES.len())]).collect();
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// How another member may transliterate a rare name.
fn variant(r: &mut Rng, s: &str) -> String {
    let rules =
        [("k", "c"), ("v", "w"), ("sh", "sch"), ("ya", "ja"), ("ov", "off"), ("ich", "itch"), ("j", "y"), ("u", "ou")];
    let (from, to) = rules[r.below(rules.len())];
    s.replacen(from, to, 1)
}

/// A typing error: a letter dropped, two swapped or one replaced.
pub(crate) fn typo(r: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 4 {
        return s.to_string();
    }
    let i = 1 + r.below(c.len() - 2);
    match r.below(3) {
        0 => {
            c.remove(i);
        }
        1 => c.swap(i, i + 1),
        _ => c[i] = ['a', 'e', 'i', 'o', 'n', 'r'][r.below(6)],
    }
    c.into_iter().collect()
}

pub fn write(out: &Path) -> Result<()> {
    let mut r = Rng(20241231);
    let mut w = csv::Writer::from_path(out)?;
    w.write_record(["member", "rec_id", "entity", "given_name", "surname", "date_of_birth"])?;
    let mut n = 0;
    let mut people = Vec::new();
    for e in 0..PEOPLE {
        let g = r.below(GIVEN.len());
        let f = r.below(FAMILY.len());
        let year = 1960 + r.below(48) as i32;
        let (m, d) = (1 + r.below(12), 1 + r.below(28));
        // Two people in three have a family name outside the lists.
        let rare = if r.chance(0.67) { Some(rare_family(&mut r)) } else { None };
        people.push((e, g, f, rare.clone(), year, m, d));
        // A look-alike: another person with the same name and a different birth date.
        if r.chance(0.06) {
            let y2 = year + 1 + r.below(6) as i32;
            people.push((PEOPLE + e, g, f, rare, y2, 1 + r.below(12), 1 + r.below(28)));
        }
    }
    for (e, g, f, rare, year, m, d) in people {
        let appearances = match r.below(10) {
            0..=5 => 1,
            6..=7 => 2,
            8 => 3,
            _ => 4,
        };
        let first = r.below(MEMBERS);
        for k in 0..appearances {
            let member = (first + k * 7) % MEMBERS;
            let mut given = r.pick(GIVEN[g]).to_string();
            let mut family = match &rare {
                Some(name) if k > 0 && r.chance(0.3) => variant(&mut r, name),
                Some(name) => name.clone(),
                None => r.pick(FAMILY[f]).to_string(),
            };
            if k > 0 && r.chance(0.1) {
                family = typo(&mut r, &family);
            }
            if k > 0 && r.chance(0.15) {
                std::mem::swap(&mut given, &mut family);
            }
            if k > 0 && r.chance(0.1) {
                family.clear();
            }
            let dob = match r.below(10) {
                0..=6 => format!("{year:04}{m:02}{d:02}"),
                7 => format!("{year:04}{m:02}"),
                _ => format!("{year:04}"),
            };
            n += 1;
            w.write_record([&format!("M{member}"), &format!("r{n}"), &e.to_string(), &given, &family, &dob])?;
        }
    }
    w.flush()?;
    println!("wrote {} records to {}", n, out.display());
    Ok(())
}
