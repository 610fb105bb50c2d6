//! Generates a simulator config with N agents. gws-sim has no bulk-agent flag, so the agents
//! are listed one by one (bench1..benchN, DN 100001.., device dev1..).

use crate::cli::SimConfigArgs;
use std::fmt::Write;

pub fn agent_name(i: usize) -> String {
    format!("bench{i}")
}

pub const PASSWORD: &str = "pw";

pub fn render(agents: usize, answer_delay_ms: u64) -> String {
    let mut s = String::new();
    // CSRF stays on (the load generator echoes the token); no artificial notification delay,
    // so latency measures the server, not a configured sleep.
    let _ = writeln!(
        s,
        "csrf = true\nwebsocket = true\n\n[timing]\nnotification_delay_ms = 0\nanswer_delay_ms = {answer_delay_ms}\ncometd_queue_limit = 1000\n"
    );
    let _ = writeln!(s, "[[numbers]]\npattern = \"*\"\noutcome = \"answer\"\n");
    for i in 1..=agents {
        let _ = writeln!(
            s,
            "[[agents]]\nusername = \"{}\"\npassword = \"{PASSWORD}\"\ndn = \"{}\"\ndevice_id = \"dev{i}\"\n",
            agent_name(i),
            100_000 + i
        );
    }
    s
}

pub fn write(args: &SimConfigArgs) -> Result<(), String> {
    if args.agents == 0 {
        return Err("--agents must be at least 1".into());
    }
    std::fs::write(&args.out, render(args.agents, args.answer_delay_ms))
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_agent_with_unique_dn_and_device() {
        let text = render(3, 50);
        assert_eq!(text.matches("[[agents]]").count(), 3);
        assert!(text.contains("username = \"bench3\""));
        assert!(text.contains("dn = \"100003\""));
        assert!(text.contains("device_id = \"dev2\""));
        assert!(text.contains("answer_delay_ms = 50"));
    }
}
