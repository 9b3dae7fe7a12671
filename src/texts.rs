//! Every word the component shows or announces, in one replaceable struct.
//!
//! The state machine holds no prose: a [`crate::Screen`] is built from the
//! state and a [`Texts`]. [`Texts::default`] is English, [`Texts::spanish`]
//! Spanish; replace any field to change one sentence, or build a whole new
//! language.
//!
//! Templates take placeholders in braces: `{account}` (the account's label),
//! `{code}` (an error code), `{message}` (the widget's own error message),
//! `{date}` (a date written for the texts' language),
//! and, in the label templates, `{bank}`, `{type}`, `{name}` and `{last4}`. A
//! template that starts with `{account}` gets the label's first letter in
//! upper case.

use std::borrow::Cow;

/// A text or template.
pub type Text = Cow<'static, str>;

/// Every user-facing text of the component. The default is English.
///
/// ```
/// use aerosync_reconnect::Texts;
/// let texts = Texts {
///     reconnect: "Fix my bank connection".into(),
///     ..Texts::default()
/// };
/// assert_eq!(texts.reconnect, "Fix my bank connection");
/// assert_eq!(Texts::spanish().lang, "es");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// The language of these texts (BCP 47), set as the component's `lang`.
    pub lang: Text,
    /// The accessible name of the component's region.
    pub region_label: Text,
    /// The title of the widget's iframe, read by screen readers.
    pub iframe_title: Text,
    /// The button that opens the widget.
    pub reconnect: Text,
    /// The button after a failure.
    pub try_again: Text,
    /// The button that renews access before it expires.
    pub reconnect_now: Text,

    /// No connection id was given: headline.
    pub invalid: Text,
    /// No connection id was given: detail.
    pub invalid_detail: Text,
    /// The first status request is in flight.
    pub loading: Text,
    /// The status request failed (the reason follows as a detail).
    pub load_failed: Text,
    /// Connected (`{account}`).
    pub healthy: Text,
    /// Expired (`{account}`).
    pub expired: Text,
    /// Expired: the account stays linked (`{account}`).
    pub expired_kept: Text,
    /// Expired again after the user closed the widget.
    pub closed_early: Text,
    /// While the widget is open.
    pub widget_open: Text,
    /// Revoked by the user at the bank.
    pub revoked: Text,
    /// Revoked: what happens to the account (`{account}`).
    pub revoked_detail: Text,
    /// A status the component does not know (`{account}`).
    pub unknown: Text,
    /// Asking the backend after the widget's success (`{account}`).
    pub verifying: Text,
    /// The request after the widget's success failed (`{account}`; the reason
    /// follows).
    pub verify_failed: Text,
    /// Still expired after the widget's success (`{account}`).
    pub still_expired: Text,
    /// Still expired: what to do.
    pub still_expired_detail: Text,
    /// Connected again: detail under [`Texts::healthy`].
    pub reconnected: Text,
    /// The user linked another account (`{account}`: the original one).
    pub different_account: Text,
    /// After a failed reconnection attempt (`{account}`).
    pub still_disconnected: Text,
    /// After a failed attempt to renew access that has not expired yet
    /// (`{account}`).
    pub still_connected: Text,
    /// Connected, with access ending soon (`{date}`).
    pub expires_soon: Text,
    /// Connected, with the access date already past (`{date}`).
    pub expiry_passed: Text,
    /// Connected again, access running until (`{date}`).
    pub connected_until: Text,
    /// An error code (`{code}`).
    pub error_code: Text,

    /// No answer from the backend (offline, DNS, CORS).
    pub network: Text,
    /// The backend took longer than the timeout.
    pub timeout: Text,
    /// The request was cancelled.
    pub aborted: Text,
    /// The backend's answer was not in the contract's shape.
    pub malformed: Text,
    /// The widget-token answer had no token.
    pub no_token: Text,
    /// Aerosync's `AC-104`: connection issues with the bank.
    pub bank_connection_issue: Text,
    /// Aerosync's `AC-103`: the bank sent incomplete data.
    pub bank_incomplete: Text,
    /// 404 or `AC-102`.
    pub not_found: Text,
    /// 401, 403, `AC-001` or `AC-101`.
    pub refused: Text,
    /// 429.
    pub too_many_requests: Text,
    /// 5xx.
    pub server_error: Text,
    /// Any other error status.
    pub request_failed: Text,

    /// The SDK module could not be loaded.
    pub widget_unavailable: Text,
    /// The module is not the Aerosync SDK.
    pub widget_not_an_sdk: Text,
    /// The SDK threw while opening the widget.
    pub widget_launch_failed: Text,
    /// The widget reported an error with a readable message (`{message}`).
    pub widget_reported: Text,
    /// The widget reported an error without a readable message.
    pub widget_generic: Text,

    /// The account's label with its last four digits (`{name}`, `{last4}`).
    pub label_with_digits: Text,
    /// A name from the bank and the account type (`{bank}`, `{type}`).
    pub label_bank_and_type: Text,
    /// A name from the account type alone (`{type}`).
    pub label_type_only: Text,
    /// The account when nothing is known of it.
    pub your_account: Text,
    /// Names of account types, by key (lower case, words split by one space:
    /// `"money market"`). A type not listed is shown in title case.
    pub account_types: Cow<'static, [(&'static str, &'static str)]>,
}

/// [`Texts::english`], built at compile time.
const ENGLISH: Texts = Texts {
    lang: Cow::Borrowed("en"),
    region_label: Cow::Borrowed("Bank connection"),
    iframe_title: Cow::Borrowed("Reconnect your bank with Aerosync"),
    reconnect: Cow::Borrowed("Reconnect your bank"),
    try_again: Cow::Borrowed("Try again"),
    reconnect_now: Cow::Borrowed("Reconnect now"),
    invalid: Cow::Borrowed("We can't check this bank connection."),
    invalid_detail: Cow::Borrowed("No connection was given to check."),
    loading: Cow::Borrowed("Checking your bank connection…"),
    load_failed: Cow::Borrowed("We couldn't check your bank connection."),
    healthy: Cow::Borrowed("{account} is connected"),
    expired: Cow::Borrowed("Your connection to {account} has expired."),
    expired_kept: Cow::Borrowed(
        "{account} stays linked here, but we can't get new information from your bank until you reconnect it.",
    ),
    closed_early: Cow::Borrowed("The reconnection window was closed, so your account is still disconnected."),
    widget_open: Cow::Borrowed("Finish reconnecting in the Aerosync window."),
    revoked: Cow::Borrowed("You removed this connection at your bank, so we can't access this account anymore."),
    revoked_detail: Cow::Borrowed("{account} stays on your list, but no new information will come from your bank."),
    unknown: Cow::Borrowed("We can't show the status of {account} right now."),
    verifying: Cow::Borrowed("Checking that {account} is reconnected…"),
    verify_failed: Cow::Borrowed("We couldn't check {account} after you reconnected it."),
    still_expired: Cow::Borrowed("Your connection to {account} is still expired."),
    still_expired_detail: Cow::Borrowed("Your bank hasn't confirmed the reconnection. Please try again."),
    reconnected: Cow::Borrowed("Your bank connection is working again."),
    different_account: Cow::Borrowed(
        "That's a different account. Please reconnect {account}, the account you originally linked.",
    ),
    still_disconnected: Cow::Borrowed("{account} is still disconnected."),
    still_connected: Cow::Borrowed("{account} is still connected for now."),
    expires_soon: Cow::Borrowed("Access to your bank ends on {date}. Reconnect now to keep it working."),
    expiry_passed: Cow::Borrowed("Access to your bank ended on {date}. Reconnect now to keep it working."),
    connected_until: Cow::Borrowed("Access to your bank now runs until {date}."),
    error_code: Cow::Borrowed("Error code: {code}"),
    network: Cow::Borrowed("We couldn't reach the server. Check your internet connection and try again."),
    timeout: Cow::Borrowed("The server took too long to answer. Please try again."),
    aborted: Cow::Borrowed("The request was cancelled."),
    malformed: Cow::Borrowed("The server sent an answer we couldn't read. Please try again later."),
    no_token: Cow::Borrowed("We couldn't start the reconnection: the server gave no widget token."),
    bank_connection_issue: Cow::Borrowed("We are having issues connecting to your bank. Please reconnect it."),
    bank_incomplete: Cow::Borrowed("Your bank sent incomplete information. Please try again later."),
    not_found: Cow::Borrowed("We couldn't find this bank connection."),
    refused: Cow::Borrowed("The server refused to show this bank connection. Please sign in again."),
    too_many_requests: Cow::Borrowed("Too many requests right now. Please wait a moment and try again."),
    server_error: Cow::Borrowed("The server had a problem checking your bank connection. Please try again."),
    request_failed: Cow::Borrowed("The server couldn't handle this request."),
    widget_unavailable: Cow::Borrowed(
        "We couldn't load the Aerosync widget. Check your internet connection and try again.",
    ),
    widget_not_an_sdk: Cow::Borrowed("The Aerosync widget is unavailable right now. Please try again later."),
    widget_launch_failed: Cow::Borrowed("The Aerosync widget couldn't be opened. Please try again."),
    widget_reported: Cow::Borrowed("{message}"),
    widget_generic: Cow::Borrowed("The bank connection window ran into a problem. Your account is still disconnected."),
    label_with_digits: Cow::Borrowed("{name} ••••{last4}"),
    label_bank_and_type: Cow::Borrowed("{bank} {type}"),
    label_type_only: Cow::Borrowed("{type} account"),
    your_account: Cow::Borrowed("your bank account"),
    account_types: Cow::Borrowed(&[]),
};

/// [`Texts::spanish`], built at compile time.
const SPANISH: Texts = Texts {
            lang: Cow::Borrowed("es"),
            region_label: Cow::Borrowed("Conexión bancaria"),
            iframe_title: Cow::Borrowed("Vuelve a conectar tu banco con Aerosync"),
            reconnect: Cow::Borrowed("Vuelve a conectar tu banco"),
            try_again: Cow::Borrowed("Intentar de nuevo"),
            reconnect_now: Cow::Borrowed("Volver a conectar ahora"),
            invalid: Cow::Borrowed("No podemos comprobar esta conexión bancaria."),
            invalid_detail: Cow::Borrowed("No se indicó ninguna conexión que comprobar."),
            loading: Cow::Borrowed("Comprobando tu conexión bancaria…"),
            load_failed: Cow::Borrowed("No pudimos comprobar tu conexión bancaria."),
            healthy: Cow::Borrowed("{account} está conectada"),
            expired: Cow::Borrowed("Tu conexión con {account} ha caducado."),
            expired_kept: Cow::Borrowed("{account} sigue vinculada aquí, pero no recibiremos información nueva de tu banco hasta que vuelvas a conectarla."),
            closed_early: Cow::Borrowed("Se cerró la ventana de reconexión, así que tu cuenta sigue desconectada."),
            widget_open: Cow::Borrowed("Termina de volver a conectarla en la ventana de Aerosync."),
            revoked: Cow::Borrowed("Eliminaste esta conexión en tu banco, así que ya no podemos acceder a esta cuenta."),
            revoked_detail: Cow::Borrowed("{account} sigue en tu lista, pero tu banco ya no enviará información nueva."),
            unknown: Cow::Borrowed("No podemos mostrar el estado de {account} en este momento."),
            verifying: Cow::Borrowed("Comprobando que {account} vuelva a estar conectada…"),
            verify_failed: Cow::Borrowed("No pudimos comprobar {account} después de que la volvieras a conectar."),
            still_expired: Cow::Borrowed("Tu conexión con {account} sigue caducada."),
            still_expired_detail: Cow::Borrowed("Tu banco no ha confirmado la reconexión. Inténtalo de nuevo."),
            reconnected: Cow::Borrowed("Tu conexión bancaria vuelve a funcionar."),
            different_account: Cow::Borrowed("Esa es otra cuenta. Vuelve a conectar {account}, la cuenta que vinculaste al principio."),
            still_disconnected: Cow::Borrowed("{account} sigue desconectada."),
            still_connected: Cow::Borrowed("{account} sigue conectada por ahora."),
            expires_soon: Cow::Borrowed("El acceso a tu banco termina el {date}. Vuelve a conectarlo ahora para que siga funcionando."),
            expiry_passed: Cow::Borrowed("El acceso a tu banco terminó el {date}. Vuelve a conectarlo ahora para que siga funcionando."),
            connected_until: Cow::Borrowed("El acceso a tu banco ahora dura hasta el {date}."),
            error_code: Cow::Borrowed("Código de error: {code}"),
            network: Cow::Borrowed("No pudimos comunicarnos con el servidor. Revisa tu conexión a internet e inténtalo de nuevo."),
            timeout: Cow::Borrowed("El servidor tardó demasiado en responder. Inténtalo de nuevo."),
            aborted: Cow::Borrowed("Se canceló la solicitud."),
            malformed: Cow::Borrowed("El servidor envió una respuesta que no pudimos leer. Inténtalo más tarde."),
            no_token: Cow::Borrowed("No pudimos iniciar la reconexión: el servidor no entregó el token de la ventana."),
            bank_connection_issue: Cow::Borrowed("Tenemos problemas para comunicarnos con tu banco. Vuelve a conectarlo."),
            bank_incomplete: Cow::Borrowed("Tu banco envió información incompleta. Inténtalo más tarde."),
            not_found: Cow::Borrowed("No encontramos esta conexión bancaria."),
            refused: Cow::Borrowed("El servidor no permitió ver esta conexión bancaria. Vuelve a iniciar sesión."),
            too_many_requests: Cow::Borrowed("Hay demasiadas solicitudes en este momento. Espera un poco e inténtalo de nuevo."),
            server_error: Cow::Borrowed("El servidor tuvo un problema al comprobar tu conexión bancaria. Inténtalo de nuevo."),
            request_failed: Cow::Borrowed("El servidor no pudo atender esta solicitud."),
            widget_unavailable: Cow::Borrowed("No pudimos cargar la ventana de Aerosync. Revisa tu conexión a internet e inténtalo de nuevo."),
            widget_not_an_sdk: Cow::Borrowed("La ventana de Aerosync no está disponible en este momento. Inténtalo más tarde."),
            widget_launch_failed: Cow::Borrowed("No se pudo abrir la ventana de Aerosync. Inténtalo de nuevo."),
            widget_reported: Cow::Borrowed("La ventana de conexión bancaria informó de un problema."),
            widget_generic: Cow::Borrowed("La ventana de conexión bancaria tuvo un problema. Tu cuenta sigue desconectada."),
            label_with_digits: Cow::Borrowed("{name} ••••{last4}"),
            label_bank_and_type: Cow::Borrowed("{type} de {bank}"),
            label_type_only: Cow::Borrowed("{type}"),
            your_account: Cow::Borrowed("tu cuenta bancaria"),
            account_types: Cow::Borrowed(&[
                ("checking", "Cuenta corriente"),
                ("savings", "Cuenta de ahorros"),
                ("money market", "Cuenta del mercado monetario"),
                ("credit card", "Tarjeta de crédito"),
                ("loan", "Préstamo"),
                ("investment", "Cuenta de inversión"),
            ]),
};

impl Default for Texts {
    /// English.
    fn default() -> Self {
        Self::english()
    }
}

impl Texts {
    /// English (the default).
    pub fn english() -> Self {
        ENGLISH
    }

    /// Spanish.
    pub fn spanish() -> Self {
        SPANISH
    }

    /// Every text field with its name, in declaration order (the account
    /// type names left out): for checking a translation is complete.
    ///
    /// ```
    /// use aerosync_reconnect::Texts;
    /// let english = Texts::english();
    /// let spanish = Texts::spanish();
    /// let same: Vec<_> = english
    ///     .fields()
    ///     .into_iter()
    ///     .zip(spanish.fields())
    ///     .filter(|((_, en), (_, es))| en == es)
    ///     .map(|((name, _), _)| name)
    ///     .collect();
    /// assert_eq!(same, ["label_with_digits"]);
    /// ```
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("lang", &self.lang),
            ("region_label", &self.region_label),
            ("iframe_title", &self.iframe_title),
            ("reconnect", &self.reconnect),
            ("try_again", &self.try_again),
            ("reconnect_now", &self.reconnect_now),
            ("invalid", &self.invalid),
            ("invalid_detail", &self.invalid_detail),
            ("loading", &self.loading),
            ("load_failed", &self.load_failed),
            ("healthy", &self.healthy),
            ("expired", &self.expired),
            ("expired_kept", &self.expired_kept),
            ("closed_early", &self.closed_early),
            ("widget_open", &self.widget_open),
            ("revoked", &self.revoked),
            ("revoked_detail", &self.revoked_detail),
            ("unknown", &self.unknown),
            ("verifying", &self.verifying),
            ("verify_failed", &self.verify_failed),
            ("still_expired", &self.still_expired),
            ("still_expired_detail", &self.still_expired_detail),
            ("reconnected", &self.reconnected),
            ("different_account", &self.different_account),
            ("still_disconnected", &self.still_disconnected),
            ("still_connected", &self.still_connected),
            ("expires_soon", &self.expires_soon),
            ("expiry_passed", &self.expiry_passed),
            ("connected_until", &self.connected_until),
            ("error_code", &self.error_code),
            ("network", &self.network),
            ("timeout", &self.timeout),
            ("aborted", &self.aborted),
            ("malformed", &self.malformed),
            ("no_token", &self.no_token),
            ("bank_connection_issue", &self.bank_connection_issue),
            ("bank_incomplete", &self.bank_incomplete),
            ("not_found", &self.not_found),
            ("refused", &self.refused),
            ("too_many_requests", &self.too_many_requests),
            ("server_error", &self.server_error),
            ("request_failed", &self.request_failed),
            ("widget_unavailable", &self.widget_unavailable),
            ("widget_not_an_sdk", &self.widget_not_an_sdk),
            ("widget_launch_failed", &self.widget_launch_failed),
            ("widget_reported", &self.widget_reported),
            ("widget_generic", &self.widget_generic),
            ("label_with_digits", &self.label_with_digits),
            ("label_bank_and_type", &self.label_bank_and_type),
            ("label_type_only", &self.label_type_only),
            ("your_account", &self.your_account),
        ]
    }

    /// The texts for a language tag: `es…` gives Spanish, anything else English.
    ///
    /// ```
    /// use aerosync_reconnect::Texts;
    /// assert_eq!(Texts::for_lang("es-MX").lang, "es");
    /// assert_eq!(Texts::for_lang("fr").lang, "en");
    /// ```
    pub fn for_lang(tag: &str) -> Self {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("es") {
            Self::spanish()
        } else {
            Self::english()
        }
    }

    /// The display name of an account type sent by the backend
    /// (`CHECKING`, `money_market`…): from [`Texts::account_types`], else in
    /// title case.
    pub fn account_type_name(&self, raw: &str) -> String {
        let key = type_key(raw);
        match self.account_types.iter().find(|(k, _)| *k == key) {
            Some((_, name)) => (*name).to_owned(),
            // Title case: each word's first letter up.
            None => {
                let mut after_space = true;
                key.chars()
                    .map(|c| {
                        let c = if after_space { c.to_ascii_uppercase() } else { c };
                        after_space = c == ' ';
                        c
                    })
                    .collect()
            }
        }
    }
}

/// An account type as a key: ASCII lower case, words split by one space.
pub(crate) fn type_key(raw: &str) -> String {
    let mut key = String::new();
    for word in raw
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    key
}

/// Upper-cases the first letter, when it is an ASCII one (the texts' own
/// words; Unicode's case tables would weigh more than the whole component).
pub(crate) fn capitalise(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A piece of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Words of the texts.
    Text(String),
    /// The account's label, from outside: render it isolated from the words
    /// around it (`<bdi>`), so that a right-to-left name never moves them.
    Account(String),
}

/// A sentence on the screen, in parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// The parts, in reading order.
    pub parts: Vec<Part>,
}

impl Line {
    /// The whole sentence as plain text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) | Part::Account(text) => out.push_str(text),
            }
        }
        out
    }
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl PartialEq<str> for Line {
    fn eq(&self, other: &str) -> bool {
        self.text() == other
    }
}

impl PartialEq<&str> for Line {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl From<&str> for Line {
    fn from(text: &str) -> Self {
        Self {
            parts: vec![Part::Text(text.to_owned())],
        }
    }
}

/// Fills a template's `{name}` placeholders into parts: the value of
/// `account` becomes a [`Part::Account`], every other one text. A value that
/// starts the sentence is capitalised. Unknown placeholders and lone braces
/// stay as they are.
///
/// Values are inserted once and never read as templates, so a name sent by a
/// backend cannot inject a placeholder.
pub(crate) fn fill_line(template: &str, values: &[(&str, &str)]) -> Line {
    let mut parts: Vec<Part> = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some((before, after)) = split_at_byte(rest, b'{') {
        text.push_str(before);
        let found = split_at_byte(after, b'}').and_then(|(name, tail)| {
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((name, *value, tail))
        });
        match found {
            Some((name, value, tail)) => {
                let starts = text.trim().is_empty() && parts.is_empty();
                let value = if starts { capitalise(value) } else { value.to_owned() };
                if name == "account" {
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Account(value));
                } else {
                    text.push_str(&value);
                }
                rest = tail;
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Line { parts }
}

/// `text` around the first `byte` (an ASCII character, so both sides are
/// whole), without it.
pub(crate) fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// [`fill_line`] as plain text.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    fill_line(template, values).text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_a_leading_value_is_capitalised() {
        let values = [("account", "your bank account"), ("code", "AR-100")];
        assert_eq!(
            fill("{account} is connected", &values),
            "Your bank account is connected"
        );
        assert_eq!(
            fill("Your connection to {account} has expired.", &values),
            "Your connection to your bank account has expired."
        );
        assert_eq!(fill("Error code: {code}", &values), "Error code: AR-100");
        assert_eq!(fill("{unknown} {code", &values), "{unknown} {code");
        assert_eq!(fill("", &values), "");
    }

    #[test]
    fn the_account_is_a_part_of_its_own() {
        let line = fill_line(
            "Your connection to {account} has expired.",
            &[("account", "Chase ••••1234")],
        );
        assert_eq!(
            line.parts,
            vec![
                Part::Text("Your connection to ".into()),
                Part::Account("Chase ••••1234".into()),
                Part::Text(" has expired.".into()),
            ]
        );
        let line = fill_line("{account} is connected", &[("account", "your bank account")]);
        assert_eq!(line.parts[0], Part::Account("Your bank account".into()));
        assert_eq!(line, "Your bank account is connected");
    }

    #[test]
    fn a_value_is_never_read_as_a_template() {
        assert_eq!(
            fill("{name} ••••{last4}", &[("name", "{last4}"), ("last4", "1234")]),
            "{last4} ••••1234"
        );
    }

    #[test]
    fn account_types_are_named_in_each_language() {
        assert_eq!(Texts::english().account_type_name("MONEY_MARKET"), "Money Market");
        assert_eq!(Texts::english().account_type_name("checking"), "Checking");
        assert_eq!(Texts::spanish().account_type_name("CHECKING"), "Cuenta corriente");
        assert_eq!(Texts::spanish().account_type_name("brokerage"), "Brokerage");
    }

    #[test]
    fn both_languages_fill_every_field() {
        for texts in [Texts::english(), Texts::spanish()] {
            let fields = texts.fields();
            assert_eq!(fields.len(), 51);
            for (name, text) in fields {
                assert!(!text.trim().is_empty(), "{name}");
            }
        }
    }
}
