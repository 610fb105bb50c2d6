//! Another process's resident memory and CPU time, from /proc/<pid>/status and /proc/<pid>/stat.

pub fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU time of a process (all threads), in clock ticks.
pub fn cpu_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_cpu_ticks(&stat)
}

/// Clock ticks per second for /proc times; 100 on every Linux this runs on (USER_HZ).
pub const TICKS_PER_SECOND: f64 = 100.0;

fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name (field 2) may contain spaces; fields after the closing ')' are fixed.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After ')': state is field 3, so utime (14) and stime (15) are at indexes 11 and 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_kib_figure() {
        let status = "Name:\tgws-sim\nVmPeak:\t 1 kB\nVmRSS:\t   12345 kB\nThreads: 3\n";
        assert_eq!(super::parse_vm_rss(status), Some(12345));
        assert_eq!(super::parse_vm_rss("Name: x\n"), None);
    }

    #[test]
    fn reads_user_plus_system_ticks_even_with_spaces_in_the_name() {
        let stat = "4242 (node my server) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 12 0 100";
        assert_eq!(super::parse_cpu_ticks(stat), Some(300));
        assert_eq!(super::parse_cpu_ticks("garbage"), None);
    }

    #[test]
    fn own_process_has_a_cpu_time() {
        assert!(super::cpu_ticks("self").is_some());
    }
}
