//! The container id of a thread, derived from its cgroup paths the way the container
//! engines of libsinsp (and today the container plugin) do: docker, cri-o, containerd,
//! podman, lxc, libvirt-lxc, mesos and rkt path patterns. The id is the first 12 hex
//! characters of the 64-hex id (the name for lxc and libvirt-lxc); `host` when no cgroup
//! matches.

/// The id of processes outside any container.
pub const HOST: &str = "host";

/// The container id for a list of `subsys=path` cgroup entries.
pub fn container_id<S: AsRef<str>>(cgroups: &[S]) -> String {
    for entry in cgroups {
        let entry = entry.as_ref();
        let path = entry.split_once('=').map_or(entry, |(_, p)| p);
        if let Some(id) = match_path(path) {
            return id;
        }
    }
    HOST.to_string()
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn short(id: &str) -> String {
    id.get(..12).unwrap_or(id).to_string()
}

/// The id in one cgroup path, if it names a container.
fn match_path(path: &str) -> Option<String> {
    let last = path.rsplit('/').next().unwrap_or("");
    // docker / cri-o / containerd / podman systemd scopes and plain ids.
    for (prefix, suffix) in [
        ("docker-", ".scope"),
        ("crio-", ".scope"),
        ("crio-", ""),
        ("cri-containerd-", ".scope"),
        ("libpod-", ".scope"),
        ("", ""),
    ] {
        if let Some(id) = last
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
        {
            if is_hex64(id) {
                return Some(short(id));
            }
        }
    }
    // containerd with the systemd cgroup driver: `...:cri-containerd:<id>`.
    if let Some((_, id)) = last.rsplit_once(":cri-containerd:") {
        if is_hex64(id) {
            return Some(short(id));
        }
    }
    // lxc and libvirt-lxc: the container name.
    for marker in ["/lxc/", "/lxc.payload/", "/lxc.payload."] {
        if let Some(pos) = path.find(marker) {
            let rest = path.get(pos + marker.len()..).unwrap_or("");
            let name = rest.split('/').next().unwrap_or("");
            if !name.is_empty() {
                return Some(name.to_string());
            }
        }
    }
    if let Some(pos) = path.find("/machine.slice/machine-lxc") {
        let rest = path
            .get(pos + "/machine.slice/machine-lxc".len()..)
            .unwrap_or("");
        let name = rest
            .split('/')
            .next()
            .unwrap_or("")
            .trim_start_matches(['-', '\\']);
        let name = name.strip_suffix(".scope").unwrap_or(name);
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    // mesos: `/mesos/<uuid>`.
    if let Some(pos) = path.find("/mesos/") {
        let id = path
            .get(pos + 7..)
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("");
        if id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Some(id.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

    #[test]
    fn docker_and_friends() {
        assert_eq!(
            container_id(&[format!("cpuset=/docker/{ID}")]),
            "3ad7b26ded6d"
        );
        assert_eq!(
            container_id(&[format!("cpu=/system.slice/docker-{ID}.scope")]),
            "3ad7b26ded6d"
        );
        assert_eq!(
            container_id(&[format!("cpu=/kubepods/besteffort/pod1/crio-{ID}.scope")]),
            "3ad7b26ded6d"
        );
        assert_eq!(
            container_id(&[format!(
                "0=/system.slice/containerd.service/kubepods-x.slice:cri-containerd:{ID}"
            )]),
            "3ad7b26ded6d"
        );
        assert_eq!(container_id(&["cpu=/lxc/web1".to_string()]), "web1");
    }

    #[test]
    fn host_when_nothing_matches() {
        assert_eq!(
            container_id(&["cpuset=/".to_string(), "cpu=/user.slice".to_string()]),
            "host"
        );
        assert_eq!(container_id::<String>(&[]), "host");
    }
}
