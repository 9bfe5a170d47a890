//! The container id of a thread, derived from its cgroup paths the way the container
//! engines of libsinsp (and today the container plugin) do: docker, cri-o, containerd,
//! podman, lxc, libvirt-lxc, mesos and rkt path patterns. The id is the first 12 hex
//! characters of the 64-hex id (the name for lxc and libvirt-lxc); `host` when no cgroup
//! matches.

/// The id of processes outside any container.
pub const HOST: &str = "host";

/// A container a thread belongs to, as its cgroups name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerRef {
    /// `container.id`: 12 hex characters (or the lxc name).
    pub id: String,
    /// `container.full_id`.
    pub full_id: String,
    /// `container.type`: docker, cri-o, containerd, podman, lxc, libvirt-lxc or mesos.
    pub engine: &'static str,
}

/// The container id for a list of `subsys=path` cgroup entries (`host` when none).
pub fn container_id<S: AsRef<str>>(cgroups: &[S]) -> String {
    container_ref(cgroups).map_or_else(|| HOST.to_string(), |c| c.id)
}

/// The container named by a list of `subsys=path` cgroup entries; `None` on the host.
pub fn container_ref<S: AsRef<str>>(cgroups: &[S]) -> Option<ContainerRef> {
    cgroups.iter().find_map(|entry| {
        let entry = entry.as_ref();
        match_path(entry.split_once('=').map_or(entry, |(_, p)| p))
    })
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex_ref(full: &str, engine: &'static str) -> ContainerRef {
    ContainerRef {
        id: full.get(..12).unwrap_or(full).to_string(),
        full_id: full.to_string(),
        engine,
    }
}

fn named_ref(name: &str, engine: &'static str) -> ContainerRef {
    ContainerRef {
        id: name.to_string(),
        full_id: name.to_string(),
        engine,
    }
}

/// The container in one cgroup path, if it names one.
fn match_path(path: &str) -> Option<ContainerRef> {
    let last = path.rsplit('/').next().unwrap_or("");
    // docker / cri-o / containerd / podman systemd scopes and plain ids.
    for (prefix, suffix, engine) in [
        ("docker-", ".scope", "docker"),
        ("crio-", ".scope", "cri-o"),
        ("crio-", "", "cri-o"),
        ("cri-containerd-", ".scope", "containerd"),
        ("libpod-", ".scope", "podman"),
        ("", "", "docker"),
    ] {
        if let Some(id) = last
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
        {
            if is_hex64(id) {
                return Some(hex_ref(id, engine));
            }
        }
    }
    // containerd with the systemd cgroup driver: `...:cri-containerd:<id>`.
    if let Some((_, id)) = last.rsplit_once(":cri-containerd:") {
        if is_hex64(id) {
            return Some(hex_ref(id, "containerd"));
        }
    }
    // Every marker below is longer than this: the root cgroup `/` names no container.
    if path.len() < "/lxc/".len() {
        return None;
    }
    // lxc and libvirt-lxc: the container name.
    for marker in ["/lxc/", "/lxc.payload/", "/lxc.payload."] {
        if let Some(pos) = memchr::memmem::find(path.as_bytes(), marker.as_bytes()) {
            let rest = path.get(pos + marker.len()..).unwrap_or("");
            let name = rest.split('/').next().unwrap_or("");
            if !name.is_empty() {
                return Some(named_ref(name, "lxc"));
            }
        }
    }
    if let Some(pos) =
        memchr::memmem::find(path.as_bytes(), "/machine.slice/machine-lxc".as_bytes())
    {
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
            return Some(named_ref(name, "libvirt-lxc"));
        }
    }
    // mesos: `/mesos/<uuid>`.
    if let Some(pos) = memchr::memmem::find(path.as_bytes(), "/mesos/".as_bytes()) {
        let id = path
            .get(pos + 7..)
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("");
        if id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Some(named_ref(id, "mesos"));
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
        let c = container_ref(&[format!("cpu=/system.slice/docker-{ID}.scope")]);
        assert_eq!(
            c.map(|c| (c.full_id, c.engine)),
            Some((ID.to_string(), "docker"))
        );
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
