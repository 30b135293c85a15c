//! Medical topics that make a clinic's page likely sensitive, for suggesting
//! `sensitive.paths` from a site's pages.
//!
//! A page's address or title can say what a patient is ill with: whoever learns that a visitor
//! opened `/uslugi/venerologiya/analiz-na-vich/` learns something about that visitor's health.
//! The command-line tool reads a site's pages (URLs and titles), runs [`topics_in`] on each,
//! and offers [`suggest_pattern`]'s patterns for the clinic to review and put in its config.
//! The browser module does not use this list: on a page it only checks the clinic's own
//! patterns (`crate::core::sensitive`).
//!
//! Where the topics come from:
//! - 152-ФЗ «О персональных данных», ст. 10: data on the state of health (состояние здоровья)
//!   and on intimate life (интимная жизнь) are special categories of personal data.
//! - 323-ФЗ «Об основах охраны здоровья граждан», ст. 13: the very fact that a person sought
//!   medical care, their state of health and their diagnosis are medical secrecy (врачебная
//!   тайна).
//! - ВОЗ, МКБ-10 (ICD-10), in the Russian edition: each topic names the blocks it comes from
//!   ([`Topic::icd10`]) — chapter F (психические расстройства и расстройства поведения, with
//!   F10–F19 for наркология), B20–B24 and Z21 (ВИЧ), B15–B19 (вирусные гепатиты), A50–A64
//!   (инфекции, передающиеся преимущественно половым путём), A15–A19 (туберкулёз), C00–D48
//!   (новообразования), N46 and N97 (мужское и женское бесплодие), O04 (медицинский аборт),
//!   K60–K64 (болезни заднего прохода и прямой кишки), Q90–Q99 (хромосомные аномалии).
//!
//! Every clinic page is about health, so the law alone would mark them all. The choice here
//! is narrower: conditions that are stigmatised or especially private, whose page alone
//! gives away something a patient would not tell a stranger. It is a heuristic list for
//! suggestions, not a legal classification: a suggestion may be wrong, a sensitive page may
//! be missed, and the clinic decides what goes into its config.
//!
//! Left out on purpose:
//! - plain urology (kidney stones, cystitis) and plain dermatology: common, rarely
//!   stigmatised, and usually whole sections of a site; the intimate parts of them are in
//!   `andrology`, `sexology` and `venereology`;
//! - cosmetic plastic surgery: data on health too, but the main advertised service of an
//!   aesthetic clinic and seldom a secret; intimate plastics is in `intimate_gynecology`;
//! - pregnancy care and pregnancy tests: a large, ordinary section of a women's clinic; the
//!   stigmatised parts are in `abortion` and `infertility`.
//!
//! Words: lower-case stems in Cyrillic, written with «е» for «ё», and the Latin spellings
//! clinics use in addresses (`psihiatr`, `psikhiatr`, `psychiatr`). Short words (up to
//! [`WHOLE_TOKEN_MAX`] characters) match only a whole token, so that `eko` does not match
//! `ekonomiya` nor `hiv` match `archive`.

use std::borrow::Cow;

/// A group of conditions or treatments whose pages are likely sensitive.
#[derive(Debug, PartialEq, Eq)]
pub struct Topic {
    /// Stable id (`[a-z_]+`), for the tool's output.
    pub id: &'static str,
    /// Name in Russian, as the tool prints it.
    pub title: &'static str,
    /// The МКБ-10 codes the topic covers, as the reason it is on the list.
    pub icd10: &'static str,
    /// Lower-case words and stems that mark a page as about this topic (see [`topics_in`]).
    pub words: &'static [&'static str],
}

/// Words of this many characters or fewer match only a whole token; longer ones are stems
/// and match the start of a token.
pub const WHOLE_TOKEN_MAX: usize = 4;

/// The topics, in the order the tool reports them.
pub const TOPICS: &[Topic] = &[
    Topic {
        id: "venereology",
        title: "Венерология и ИППП",
        icd10: "A50–A64",
        // A dermatovenerologist is the doctor for STIs in Russia, so that specialty is here
        // rather than a topic of its own. ЗППП is the older name of ИППП, still common.
        words: &[
            "венеролог",
            "дерматовенеролог",
            "венерич",
            "иппп",
            "зппп",
            "сифилис",
            "гоноре",
            "хламиди",
            "трихомон",
            "микоплазм",
            "уреаплазм",
            "кондилом",
            "впч",
            "venerolog",
            "dermatovenerolog",
            "venerich",
            "venereal",
            "ippp",
            "zppp",
            "sti",
            "sifilis",
            "syphilis",
            "gonore",
            "gonorr",
            "hlamidi",
            "khlamidi",
            "chlamydi",
            "trihomon",
            "trikhomon",
            "trichomon",
            "mikoplazm",
            "mycoplasm",
            "ureaplazm",
            "ureaplasm",
            "kondilom",
            "condylom",
            "vpch",
            "hpv",
        ],
    },
    Topic {
        id: "hiv",
        title: "ВИЧ-инфекция и СПИД",
        icd10: "B20–B24, Z21",
        words: &["вич", "спид", "vich", "hiv", "spid", "aids"],
    },
    Topic {
        id: "hepatitis",
        title: "Вирусные гепатиты",
        // B and C are the chronic, stigmatised ones; the stem also catches A, which is rare
        // on clinic sites and harmless to suggest.
        icd10: "B15–B19",
        words: &["гепатит", "gepatit", "hepatit", "hbsag", "hbv", "hcv"],
    },
    Topic {
        id: "abortion",
        title: "Прерывание беременности",
        icd10: "O04",
        // «Прерывание» on a clinic site is, in practice, of a pregnancy.
        words: &[
            "аборт",
            "медаборт",
            "прерыван",
            "abort",
            "medabort",
            "preryvan",
        ],
    },
    Topic {
        id: "infertility",
        title: "Бесплодие, ЭКО и репродуктология",
        icd10: "N46, N97, Z31",
        words: &[
            "бесплод",
            "эко",
            "оплодотвор",
            "репродуктолог",
            "инсемин",
            "икси",
            "суррогат",
            "спермограм",
            "besplod",
            "eko",
            "ivf",
            "oplodotvor",
            "reproduktolog",
            "reproductolog",
            "insemin",
            "iksi",
            "icsi",
            "surrogat",
            "spermogram",
            "infertil",
        ],
    },
    Topic {
        id: "psychiatry",
        title: "Психиатрия и психотерапия",
        icd10: "F00–F09, F20–F99",
        // A psychologist is not a doctor, but the page still shows a visitor seeking help
        // with their mental health; the clinic can drop the suggestion.
        words: &[
            "психиатр",
            "психотерап",
            "психолог",
            "депресс",
            "невроз",
            "паническ",
            "биполяр",
            "шизофрен",
            "суицид",
            "psihiatr",
            "psikhiatr",
            "psixiatr",
            "psychiatr",
            "psihoterap",
            "psikhoterap",
            "psychoterap",
            "psychotherap",
            "psiholog",
            "psikholog",
            "psycholog",
            "depress",
            "nevroz",
            "panic",
            "bipolyar",
            "bipolar",
            "shizofren",
            "schizophren",
            "suicid",
            "suitsid",
        ],
    },
    Topic {
        id: "addiction",
        title: "Наркология и зависимости",
        icd10: "F10–F19, F63.0",
        // Not «нарко»: it would match «наркоз» (anaesthesia). Not «зависимост»: «в
        // зависимости от» is in every price list.
        words: &[
            "нарколог",
            "наркоман",
            "алкогол",
            "запой",
            "запоя",
            "кодирован",
            "лудоман",
            "игромани",
            "narkolog",
            "narcolog",
            "narkoman",
            "alkogol",
            "alcohol",
            "zapoy",
            "zapoj",
            "kodirovan",
            "ludoman",
            "igromani",
        ],
    },
    Topic {
        id: "oncology",
        title: "Онкология",
        icd10: "C00–D48",
        // Not «новообразован»: removing benign skin growths is an everyday cosmetology page.
        words: &[
            "онколог",
            "онко",
            "онкомаркер",
            "рак",
            "опухол",
            "карцином",
            "меланом",
            "лимфом",
            "лейкоз",
            "метастаз",
            "химиотерап",
            "onkolog",
            "oncolog",
            "onko",
            "onco",
            "onkomarker",
            "oncomarker",
            "rak",
            "cancer",
            "opuhol",
            "opukhol",
            "tumor",
            "karcinom",
            "carcinom",
            "melanom",
            "limfom",
            "lymphom",
            "leykoz",
            "lejkoz",
            "leukem",
            "metastaz",
            "metastas",
            "himioterap",
            "khimioterap",
            "chemotherap",
        ],
    },
    Topic {
        id: "andrology",
        title: "Андрология и мужское здоровье",
        icd10: "N40–N51, F52",
        // Not plain «уролог» (see the module's notes), nor «простат» (prostate adenoma and
        // cancer screening are routine urology), nor «потенц», which matches «потенциал».
        words: &[
            "андролог",
            "эректил",
            "импотен",
            "простатит",
            "фимоз",
            "эякул",
            "androlog",
            "erektil",
            "erectil",
            "impoten",
            "prostatit",
            "fimoz",
            "phimos",
            "eyakul",
            "ejakul",
            "ejacul",
        ],
    },
    Topic {
        id: "sexology",
        title: "Сексология и гендерная идентичность",
        // Intimate life is a special category of its own in 152-ФЗ ст. 10.
        icd10: "F52, F64–F66",
        words: &[
            "сексолог",
            "трансгендер",
            "транссексуал",
            "sexolog",
            "seksolog",
            "transgender",
            "transseksual",
            "transsexual",
        ],
    },
    Topic {
        id: "intimate_gynecology",
        title: "Интимная гинекология и интимная пластика",
        // Intimate plastics has no disease code of its own; it is here for intimate life
        // (152-ФЗ ст. 10). Plain gynecology is a large, ordinary section and is not.
        icd10: "N94.2, F52.5",
        words: &[
            "интим",
            "вагинизм",
            "вульводин",
            "лабиопласт",
            "вагинопласт",
            "гименопласт",
            "intim",
            "vaginizm",
            "vaginism",
            "vulvodin",
            "labioplast",
            "vaginoplast",
            "gimenoplast",
            "himenoplast",
            "hymenoplast",
        ],
    },
    Topic {
        id: "tuberculosis",
        title: "Туберкулёз",
        icd10: "A15–A19",
        // The stem also catches tuberculin tests (Манту): screening, but it still reads as
        // a suspicion of tuberculosis.
        words: &["туберкул", "фтизиатр", "tuberkul", "tubercul", "ftiziatr"],
    },
    Topic {
        id: "genetics",
        title: "Медицинская генетика и тесты ДНК",
        // Hereditary risks are data on health; a paternity test is about intimate life.
        icd10: "Q90–Q99, Z80–Z84",
        words: &[
            "генети",
            "днк",
            "кариотип",
            "нипт",
            "отцовств",
            "geneti",
            "dnk",
            "dna",
            "kariotip",
            "karyotyp",
            "nipt",
            "otcovstv",
            "ottsovstv",
            "paternit",
        ],
    },
    Topic {
        id: "proctology",
        title: "Проктология",
        // Hemorrhoids moved from I84 to K64 in the 2014 edition; both are in use.
        icd10: "K60–K64, I84",
        words: &[
            "проктолог",
            "колопроктолог",
            "парапрокт",
            "геморро",
            "анальн",
            "proktolog",
            "proctolog",
            "koloproktolog",
            "coloproctolog",
            "paraprokt",
            "gemorro",
            "hemorrhoid",
            "analn",
        ],
    },
];

/// The topics whose words occur in `text`, a URL path or a page title, in [`TOPICS`] order,
/// each once.
///
/// The text is percent-decoded first when the result is UTF-8 (browsers send Russian paths
/// as `/%D0%B2%D0%B8%D1%87/`), lower-cased, and split into tokens at every character that is
/// not a letter or digit: `/uslugi/analiz-na-vich/` gives `uslugi`, `analiz`, `na`, `vich`.
/// A word of up to [`WHOLE_TOKEN_MAX`] characters matches a whole token; a longer one matches
/// the start of a token, so the stem `венеролог` matches `венерология` and `венерологу`.
pub fn topics_in(text: &str) -> Vec<&'static Topic> {
    let text = percent_decoded(text).to_lowercase().replace('ё', "е");
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
        .collect();
    TOPICS
        .iter()
        .filter(|topic| {
            topic
                .words
                .iter()
                .any(|word| tokens.iter().any(|token| word_matches(word, token)))
        })
        .collect()
}

/// The `sensitive.paths` pattern for a page at `path` (from `/`; a query or fragment is
/// ignored), if the path is about one of the [`TOPICS`]: the path up to and including the
/// first segment with a matching token, then `*`, so that the whole section is held:
/// `/uslugi/venerologiya/analiz-na-sifilis/` gives `/uslugi/venerologiya/*`. When that
/// segment is the last one and has no trailing slash (`/vich-anonimno.html`), the page is a
/// single file and the pattern is the path itself. The path keeps its own spelling,
/// percent-encoded or not: the pattern is matched against the page's address.
pub fn suggest_pattern(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return None;
    }
    let mut end = 0;
    for segment in path.split_inclusive('/') {
        end += segment.len();
        let name = segment.strip_suffix('/').unwrap_or(segment);
        if topics_in(name).is_empty() {
            continue;
        }
        return Some(if segment.ends_with('/') {
            format!("{}*", &path[..end])
        } else {
            path.to_string()
        });
    }
    None
}

/// Whether a topic word matches a token (both lower-case).
fn word_matches(word: &str, token: &str) -> bool {
    if word.chars().count() <= WHOLE_TOKEN_MAX {
        token == word
    } else {
        token.starts_with(word)
    }
}

/// `text` with its `%XX` escapes decoded, when the result is UTF-8; otherwise `text` as is.
/// A `%` not followed by two hex digits stays a `%`, as browsers leave it.
fn percent_decoded(text: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&'static str> {
        topics_in(text).iter().map(|topic| topic.id).collect()
    }

    #[test]
    fn clinic_addresses_and_titles_match_their_topics() {
        let cases: &[(&str, &[&str])] = &[
            ("/uslugi/venerologiya/", &["venereology"]),
            ("/services/analiz-na-vich/", &["hiv"]),
            (
                "/%D0%B2%D0%B5%D0%BD%D0%B5%D1%80%D0%BE%D0%BB%D0%BE%D0%B3%D0%B8%D1%8F/",
                &["venereology"],
            ),
            ("Анонимное обследование на ВИЧ", &["hiv"]),
            ("Лечение бесплодия, ЭКО", &["infertility"]),
            ("/psikhiatr/", &["psychiatry"]),
            ("/doctors/narkolog/", &["addiction"]),
            ("Онкология — ранняя диагностика", &["oncology"]),
            ("/uslugi/dermatovenerologiya/", &["venereology"]),
            ("Приём венерологу", &["venereology"]),
            ("/analizy/hbsag/", &["hepatitis"]),
            ("/eko/", &["infertility"]),
            ("/uslugi/medabort.html", &["abortion"]),
            ("/lechenie/vyvod-iz-zapoya/", &["addiction"]),
            ("Туберкулёз: диагностика", &["tuberculosis"]),
            ("/proktologiya/gemorroj/", &["proctology"]),
            ("/test-dnk-na-otcovstvo/", &["genetics"]),
            ("/androlog/erektilnaya-disfunkciya/", &["andrology"]),
            ("/uslugi/intimnaya-plastika/", &["intimate_gynecology"]),
            ("/vrachi/seksolog/", &["sexology"]),
            // Several topics, reported in list order and each once.
            (
                "/analizy/vich-sifilis-gepatit-b-c/",
                &["venereology", "hiv", "hepatitis"],
            ),
            ("/hiv/hiv/HIV/", &["hiv"]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text}");
        }
    }

    #[test]
    fn ordinary_pages_and_lookalike_words_do_not_match() {
        for text in [
            "/contacts/",
            "/uslugi/stomatologiya/",
            "/archive/2024/",
            "/ekonomiya/",
            "/about/",
            "Стоматология",
            "/uslugi/kardiologiya/",
            "/stix/",
            "/uslugi/narkoz/",
            "Цены в зависимости от объёма",
            "/uslugi/urologiya/",
            "/speed/",
            "/gonorar/",
            "",
        ] {
            assert_eq!(ids(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn percent_decoding_is_lenient_and_falls_back_to_the_text() {
        assert_eq!(percent_decoded("/%D0%B2%D0%B8%D1%87/"), "/вич/");
        assert_eq!(percent_decoded("/vich/%zz/%4"), "/vich/%zz/%4");
        assert_eq!(percent_decoded("/%+f/"), "/%+f/");
        assert_eq!(percent_decoded("100%"), "100%");
        // An escape that decodes to invalid UTF-8 leaves the whole text as it was.
        assert_eq!(percent_decoded("/%D0/vich/"), "/%D0/vich/");
        assert_eq!(ids("/%D0/vich/"), ["hiv"]);
        assert_eq!(ids("/%d0%b2%d0%b8%d1%87/"), ["hiv"]);
    }

    #[test]
    fn patterns_hold_the_section_or_the_single_page() {
        let cases = [
            (
                "/uslugi/venerologiya/analiz-na-sifilis/",
                Some("/uslugi/venerologiya/*"),
            ),
            ("/uslugi/venerologiya/", Some("/uslugi/venerologiya/*")),
            ("/vich-anonimno.html", Some("/vich-anonimno.html")),
            (
                "/uslugi/vich-anonimno.html?utm_source=x",
                Some("/uslugi/vich-anonimno.html"),
            ),
            ("/doctors/narkolog#price", Some("/doctors/narkolog")),
            (
                "/services/analiz-na-vich/",
                Some("/services/analiz-na-vich/*"),
            ),
            // The percent-encoded spelling is kept; only the matching is on the decoded text.
            (
                "/%D0%B2%D0%B8%D1%87/%D0%B0%D0%BD%D0%B0%D0%BB%D0%B8%D0%B7/",
                Some("/%D0%B2%D0%B8%D1%87/*"),
            ),
            ("/услуги/онкология/маммография", Some("/услуги/онкология/*")),
            ("/contacts/", None),
            ("/", None),
            ("", None),
            ("vich/", None),
            ("/uslugi/?q=vich", None),
        ];
        for (path, expected) in cases {
            assert_eq!(suggest_pattern(path).as_deref(), expected, "{path}");
        }
    }

    #[test]
    fn suggested_patterns_match_the_page_they_came_from() {
        for path in [
            "/uslugi/venerologiya/analiz-na-sifilis/",
            "/vich-anonimno.html",
            "/doctors/psihiatr/ivanov/",
        ] {
            let pattern = suggest_pattern(path).unwrap_or_default();
            assert!(
                crate::core::sensitive::path_matches(&pattern, path),
                "{pattern} {path}"
            );
        }
    }

    #[test]
    fn the_list_is_well_formed() {
        let mut seen_ids = std::collections::BTreeSet::new();
        for topic in TOPICS {
            assert!(seen_ids.insert(topic.id), "duplicate id {}", topic.id);
            assert!(
                !topic.id.is_empty()
                    && topic.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                topic.id
            );
            assert!(
                !topic.title.is_empty() && !topic.icd10.is_empty(),
                "{}",
                topic.id
            );
            let mut seen_words = std::collections::BTreeSet::new();
            for word in topic.words {
                assert!(!word.is_empty(), "{}: empty word", topic.id);
                assert_eq!(*word, word.to_lowercase(), "{}: {word}", topic.id);
                // A word with a separator or «ё» could never equal a token.
                assert!(
                    word.chars().all(char::is_alphanumeric) && !word.contains('ё'),
                    "{}: {word}",
                    topic.id
                );
                assert!(seen_words.insert(*word), "{}: {word} twice", topic.id);
            }
            let cyrillic = |c: char| ('а'..='я').contains(&c);
            assert!(
                topic.words.iter().any(|w| w.chars().all(cyrillic)),
                "{}: no Cyrillic word",
                topic.id
            );
            assert!(
                topic
                    .words
                    .iter()
                    .any(|w| w.chars().all(|c| c.is_ascii_lowercase())),
                "{}: no Latin word",
                topic.id
            );
        }
        assert!((12..=16).contains(&TOPICS.len()));
    }

    #[test]
    fn every_word_matches_itself_in_an_address() {
        // Catches a word another rule would hide, such as one that only lower-cases wrongly.
        for topic in TOPICS {
            for word in topic.words {
                let path = format!("/uslugi/{word}/");
                assert!(ids(&path).contains(&topic.id), "{}: {word}", topic.id);
            }
        }
    }
}
