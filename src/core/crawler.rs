//! Search-engine and link-preview crawlers, recognised only by tokens in the user agent.
//!
//! A crawler gets no banner and nothing optional runs for it (it never decides). Headless
//! browsers (`HeadlessChrome`, `navigator.webdriver`) are visitors: they are how people test.

/// Lower-case tokens of well-known crawlers, Russian engines first.
pub const TOKENS: [&str; 26] = [
    "yandexbot",
    "yandexmobilebot",
    "yandeximages",
    "yandexvideo",
    "yandexmedia",
    "yandexwebmaster",
    "yandexaccessibilitybot",
    "mail.ru_bot",
    "googlebot",
    "google-inspectiontool",
    "adsbot-google",
    "mediapartners-google",
    "storebot-google",
    "bingbot",
    "duckduckbot",
    "baiduspider",
    "applebot",
    "petalbot",
    "slurp",
    "facebookexternalhit",
    "twitterbot",
    "telegrambot",
    "vkshare",
    "whatsapp",
    "semrushbot",
    "ahrefsbot",
];

/// Whether `user_agent` contains a known crawler token or one of `extra`, ignoring ASCII case
/// (user agents and their tokens are ASCII).
pub fn is_crawler(user_agent: &str, extra: &[String]) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    TOKENS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .any(|t| !t.is_empty() && ua.contains(&t.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_crawlers_not_headless_browsers() {
        let crawlers = [
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; Linux x86_64; Mail.RU_Bot/2.0; +https://help.mail.ru/webmaster/indexing/robots)",
        ];
        for ua in crawlers {
            assert!(is_crawler(ua, &[]), "{ua}");
        }
        let visitors = [
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 YaBrowser/25.10 Safari/537.36",
        ];
        for ua in visitors {
            assert!(!is_crawler(ua, &[]), "{ua}");
        }
        assert!(is_crawler("ClinicMonitor/1.0", &["clinicmonitor".into()]));
        assert!(!is_crawler("ClinicMonitor/1.0", &["".into()]));
    }

    #[test]
    fn every_token_is_a_lower_case_word_and_is_recognised() {
        for t in TOKENS {
            assert!(
                !t.is_empty() && t == t.to_lowercase() && !t.contains(char::is_whitespace),
                "{t:?}"
            );
            let ua = format!("Mozilla/5.0 (compatible; {}/1.0)", t.to_uppercase());
            assert!(is_crawler(&ua, &[]), "{ua}");
        }
    }
}
