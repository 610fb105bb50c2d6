use dialer_core::i18n::Msg;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_locale;

#[derive(Properties, PartialEq)]
pub struct LoginFormProps {
    pub busy: bool,
    /// (user name, password). The form forgets the password as soon as it is submitted.
    pub on_login: Callback<(String, String)>,
}

#[component]
pub fn LoginForm(props: &LoginFormProps) -> Html {
    let l = use_locale();
    let user = use_node_ref();
    let password = use_node_ref();
    let onsubmit = {
        let (user, password, on_login) = (user.clone(), password.clone(), props.on_login.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(u), Some(p)) = (
                user.cast::<HtmlInputElement>(),
                password.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let secret = p.value();
            p.set_value(""); // never keep the password around, not even in the DOM
            on_login.emit((u.value().trim().to_string(), secret));
        })
    };
    html! {
        <form class="login" onsubmit={onsubmit} aria-label={l.t(Msg::SignInForm)}>
            <label for="gws-user">{ l.t(Msg::UserName) }</label>
            <input id="gws-user" ref={user} name="username" autocomplete="username" required=true />
            <label for="gws-password">{ l.t(Msg::Password) }</label>
            <input id="gws-password" ref={password} type="password" name="password"
                autocomplete="current-password" />
            <div class="row actions">
                <button type="submit" class="primary" disabled={props.busy}>
                    { l.t(if props.busy { Msg::SigningIn } else { Msg::SignIn }) }
                </button>
            </div>
        </form>
    }
}
