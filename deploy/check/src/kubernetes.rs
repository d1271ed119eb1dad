//! `deploy/k8s/`: the manifests, their kustomization and the Secret example.

use crate::support::{
    SECRET_SETTINGS, SETTINGS, SMTP_SECURITY, cpu_millis, deploy_dir, keys, labels_match,
    memory_bytes, strings, text, yaml, yaml_docs,
};
use serde_yaml_ng::Value;

const NAMESPACE: &str = "lotse";
const SECRET_EXAMPLE: &str = "secret.example.yaml";

fn kustomization() -> Value {
    yaml("k8s/kustomization.yaml")
}

/// The files kustomization.yaml applies.
fn resources() -> Vec<String> {
    strings(&kustomization()["resources"])
}

/// Every document of every file kustomization.yaml applies.
fn manifests() -> Vec<Value> {
    resources()
        .iter()
        .flat_map(|f| yaml_docs(&format!("k8s/{f}")))
        .collect()
}

fn of_kind(manifests: &[Value], kind: &str) -> Vec<Value> {
    manifests
        .iter()
        .filter(|m| text(&m["kind"]).as_deref() == Some(kind))
        .cloned()
        .collect()
}

fn named<'a>(manifests: &'a [Value], kind: &str, name: &str) -> &'a Value {
    manifests
        .iter()
        .find(|m| {
            text(&m["kind"]).as_deref() == Some(kind)
                && text(&m["metadata"]["name"]).as_deref() == Some(name)
        })
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

fn name(m: &Value) -> String {
    text(&m["metadata"]["name"]).unwrap()
}

/// Deployments and the Job: everything that runs the lotse image.
fn workloads(manifests: &[Value]) -> Vec<Value> {
    let mut w = of_kind(manifests, "Deployment");
    w.extend(of_kind(manifests, "Job"));
    assert!(w.len() >= 3, "api, worker and migrate");
    w
}

fn containers(workload: &Value) -> Vec<Value> {
    let c = workload["spec"]["template"]["spec"]["containers"]
        .as_sequence()
        .cloned()
        .unwrap_or_default();
    assert!(!c.is_empty(), "{} has containers", name(workload));
    c
}

fn probe_path(container: &Value, probe: &str) -> Option<String> {
    text(&container[probe]["httpGet"]["path"])
}

#[test]
fn every_manifest_parses_and_names_its_kind_and_namespace() {
    let all = manifests();
    assert!(!all.is_empty());
    for m in &all {
        let kind = text(&m["kind"]).expect("kind");
        assert!(text(&m["apiVersion"]).is_some(), "{kind} has apiVersion");
        let n = name(m);
        if kind != "Namespace" {
            assert_eq!(
                text(&m["metadata"]["namespace"]).as_deref(),
                Some(NAMESPACE),
                "{kind} {n}"
            );
        }
    }
    assert_eq!(
        text(&kustomization()["namespace"]).as_deref(),
        Some(NAMESPACE)
    );
    for kind in [
        "Namespace",
        "ConfigMap",
        "Deployment",
        "Job",
        "Service",
        "Ingress",
        "PodDisruptionBudget",
        "NetworkPolicy",
    ] {
        assert!(!of_kind(&all, kind).is_empty(), "a {kind}");
    }
}

#[test]
fn kustomization_lists_every_manifest_except_the_secret_example() {
    let listed = resources();
    let mut files: Vec<String> = std::fs::read_dir(deploy_dir().join("k8s"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".yaml") && f != "kustomization.yaml" && f != SECRET_EXAMPLE)
        // A real secret.yaml copied from the example (ignored by git) is not a manifest.
        .filter(|f| f != "secret.yaml")
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, files);
    assert!(!listed.iter().any(|f| f.contains("secret")));
}

#[test]
fn every_deployment_is_probed_on_ready_and_health_and_given_time_to_start() {
    let all = manifests();
    for d in of_kind(&all, "Deployment") {
        for c in containers(&d) {
            let n = name(&d);
            assert_eq!(
                probe_path(&c, "readinessProbe").as_deref(),
                Some("/ready"),
                "{n}"
            );
            assert_eq!(
                probe_path(&c, "livenessProbe").as_deref(),
                Some("/health"),
                "{n}"
            );
            assert_eq!(
                probe_path(&c, "startupProbe").as_deref(),
                Some("/health"),
                "{n}"
            );
            let ports: Vec<&Value> = c["ports"].as_sequence().unwrap().iter().collect();
            for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
                let port = &c[probe]["httpGet"]["port"];
                assert!(
                    ports
                        .iter()
                        .any(|p| &p["name"] == port || &p["containerPort"] == port),
                    "{n}: the {probe} port is a container port"
                );
            }
            assert!(
                ports
                    .iter()
                    .any(|p| p["containerPort"].as_u64() == Some(8080))
            );
        }
    }
}

#[test]
fn every_workload_has_resource_requests_within_limits() {
    let all = manifests();
    for w in workloads(&all) {
        for c in containers(&w) {
            let n = name(&w);
            let r = &c["resources"];
            for kind in ["cpu", "memory"] {
                let request =
                    text(&r["requests"][kind]).unwrap_or_else(|| panic!("{n}: {kind} request"));
                let limit = text(&r["limits"][kind]).unwrap_or_else(|| panic!("{n}: {kind} limit"));
                let (request, limit) = if kind == "cpu" {
                    (cpu_millis(&request), cpu_millis(&limit))
                } else {
                    (memory_bytes(&request), memory_bytes(&limit))
                };
                assert!(
                    request > 0 && request <= limit,
                    "{n}: {kind} {request} ≤ {limit}"
                );
            }
        }
    }
}

#[test]
fn every_workload_runs_as_non_root_on_a_read_only_root_filesystem_with_an_empty_dir_tmp() {
    let all = manifests();
    for w in workloads(&all) {
        let n = name(&w);
        let pod = &w["spec"]["template"]["spec"];
        assert_eq!(
            pod["securityContext"]["runAsNonRoot"].as_bool(),
            Some(true),
            "{n}"
        );
        assert_ne!(pod["securityContext"]["runAsUser"].as_u64(), Some(0), "{n}");
        assert_eq!(
            text(&pod["securityContext"]["seccompProfile"]["type"]).as_deref(),
            Some("RuntimeDefault"),
            "{n}"
        );
        assert_eq!(
            pod["automountServiceAccountToken"].as_bool(),
            Some(false),
            "{n}"
        );
        let volumes = pod["volumes"].as_sequence().cloned().unwrap_or_default();
        for c in containers(&w) {
            let sc = &c["securityContext"];
            assert_eq!(sc["readOnlyRootFilesystem"].as_bool(), Some(true), "{n}");
            assert_eq!(sc["allowPrivilegeEscalation"].as_bool(), Some(false), "{n}");
            assert_eq!(strings(&sc["capabilities"]["drop"]), ["ALL"], "{n}");
            let tmp = c["volumeMounts"]
                .as_sequence()
                .and_then(|m| {
                    m.iter()
                        .find(|m| text(&m["mountPath"]).as_deref() == Some("/tmp"))
                })
                .unwrap_or_else(|| panic!("{n} mounts /tmp"));
            let volume = volumes
                .iter()
                .find(|v| v["name"] == tmp["name"])
                .unwrap_or_else(|| panic!("{n}: the /tmp volume exists"));
            assert!(volume["emptyDir"].is_mapping(), "{n}: /tmp is an emptyDir");
        }
    }
}

#[test]
fn every_workload_keeps_service_links_out_of_the_lotse_settings() {
    // A Service `lotse-api` would otherwise inject LOTSE_API_PORT and friends.
    let all = manifests();
    for w in workloads(&all) {
        assert_eq!(
            w["spec"]["template"]["spec"]["enableServiceLinks"].as_bool(),
            Some(false),
            "{}",
            name(&w)
        );
    }
}

#[test]
fn the_api_runs_at_least_two_replicas_and_keeps_one_through_disruptions() {
    let all = manifests();
    let api = named(&all, "Deployment", "lotse-api");
    let replicas = api["spec"]["replicas"].as_u64().unwrap();
    assert!(replicas >= 2, "{replicas}");
    assert_eq!(strings(&containers(api)[0]["args"]), ["serve"]);
    assert_eq!(
        api["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"].as_u64(),
        Some(0)
    );
    let pod_labels = &api["spec"]["template"]["metadata"]["labels"];
    assert!(labels_match(
        &api["spec"]["selector"]["matchLabels"],
        pod_labels
    ));
    let pdbs = of_kind(&all, "PodDisruptionBudget");
    let pdb = pdbs
        .iter()
        .find(|p| labels_match(&p["spec"]["selector"]["matchLabels"], pod_labels))
        .expect("a PodDisruptionBudget selects the API pods");
    let min = pdb["spec"]["minAvailable"].as_u64().unwrap();
    assert!(
        min >= 1 && min < replicas,
        "minAvailable {min} of {replicas}"
    );
}

#[test]
fn the_worker_runs_lotse_worker() {
    let all = manifests();
    let worker = named(&all, "Deployment", "lotse-worker");
    assert_eq!(strings(&containers(worker)[0]["args"]), ["worker"]);
    let pod_labels = &worker["spec"]["template"]["metadata"]["labels"];
    assert!(labels_match(
        &worker["spec"]["selector"]["matchLabels"],
        pod_labels
    ));
}

#[test]
fn the_migrate_job_runs_lotse_migrate_once_and_is_applied_first_with_what_it_needs() {
    let all = manifests();
    let job = named(&all, "Job", "lotse-migrate");
    let c = &containers(job)[0];
    assert_eq!(strings(&c["args"]), ["migrate"]);
    assert!(c["command"].is_null(), "the image's entrypoint runs lotse");
    assert_eq!(
        text(&job["spec"]["template"]["spec"]["restartPolicy"]).as_deref(),
        Some("Never")
    );
    assert!(job["spec"]["backoffLimit"].as_u64().is_some());
    // The first step of a rollout (`kubectl apply -k … -l lotse/apply-phase=first`) brings
    // the namespace, the config and the Job; the Deployments come after it completed.
    let first =
        |m: &Value| text(&m["metadata"]["labels"]["lotse/apply-phase"]).as_deref() == Some("first");
    assert!(first(job));
    assert!(first(named(&all, "Namespace", NAMESPACE)));
    assert!(first(named(&all, "ConfigMap", "lotse-config")));
    for d in of_kind(&all, "Deployment") {
        assert!(!first(&d), "{} waits for the migrations", name(&d));
    }
    assert!(
        text(&kustomization()["labels"][0]["pairs"]["lotse/apply-phase"]).is_none(),
        "the phase label is not applied to everything"
    );
}

#[test]
fn every_workload_runs_the_same_image_and_reads_the_config_map_and_the_secret() {
    let all = manifests();
    let config = name(named(&all, "ConfigMap", "lotse-config"));
    let secret = name(&yaml(&format!("k8s/{SECRET_EXAMPLE}")));
    let images: Vec<String> = of_kind(&all, "Deployment")
        .iter()
        .chain(of_kind(&all, "Job").iter())
        .flat_map(containers)
        .map(|c| text(&c["image"]).unwrap())
        .collect();
    assert!(images.windows(2).all(|w| w[0] == w[1]), "{images:?}");
    let kustomized: Vec<String> = kustomization()["images"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|i| text(&i["name"]))
        .collect();
    let repository = images[0].rsplit_once(':').unwrap().0;
    assert!(
        kustomized.contains(&repository.to_string()),
        "kustomization sets the image"
    );
    for w in workloads(&all) {
        for c in containers(&w) {
            let from: Vec<(String, String)> = c["envFrom"]
                .as_sequence()
                .unwrap_or_else(|| panic!("{} has envFrom", name(&w)))
                .iter()
                .flat_map(|e| {
                    [("configMapRef", "ConfigMap"), ("secretRef", "Secret")]
                        .into_iter()
                        .filter_map(|(field, kind)| {
                            text(&e[field]["name"]).map(|n| (kind.to_string(), n))
                        })
                })
                .collect();
            assert!(
                from.contains(&("ConfigMap".into(), config.clone())),
                "{}",
                name(&w)
            );
            assert!(
                from.contains(&("Secret".into(), secret.clone())),
                "{}",
                name(&w)
            );
        }
    }
}

#[test]
fn workloads_set_only_the_listed_lotse_settings_and_never_database_url() {
    let all = manifests();
    let config = named(&all, "ConfigMap", "lotse-config");
    let secret = yaml(&format!("k8s/{SECRET_EXAMPLE}"));
    let mut names = keys(&config["data"]);
    names.extend(keys(&secret["stringData"]));
    names.extend(keys(&secret["data"]));
    for w in workloads(&all) {
        for c in containers(&w) {
            if let Some(env) = c["env"].as_sequence() {
                names.extend(env.iter().filter_map(|e| text(&e["name"])));
            }
        }
    }
    assert!(!names.is_empty());
    for n in names {
        assert_ne!(n, "DATABASE_URL");
        assert!(SETTINGS.contains(&n.as_str()), "{n} is not a lotse setting");
    }
}

#[test]
fn the_config_map_holds_plain_settings_and_the_secret_example_the_secrets() {
    let all = manifests();
    let config = named(&all, "ConfigMap", "lotse-config");
    let data = config["data"].as_mapping().unwrap();
    for (k, v) in data {
        let k = text(k).unwrap();
        assert!(!SECRET_SETTINGS.contains(&k.as_str()), "{k} is a secret");
        assert!(v.is_string(), "ConfigMap values are strings: {k}");
    }
    assert_eq!(
        text(&config["data"]["LOTSE_LISTEN"]).as_deref(),
        Some("0.0.0.0:8080")
    );
    let public = text(&config["data"]["LOTSE_PUBLIC_URL"]).unwrap();
    assert!(public.starts_with("https://"), "{public}");
    let security = text(&config["data"]["LOTSE_SMTP_SECURITY"]).unwrap();
    assert!(SMTP_SECURITY.contains(&security.as_str()), "{security}");

    let secret = yaml(&format!("k8s/{SECRET_EXAMPLE}"));
    assert_eq!(text(&secret["kind"]).as_deref(), Some("Secret"));
    let mut secret_keys = keys(&secret["stringData"]);
    secret_keys.sort();
    let mut expected: Vec<String> = SECRET_SETTINGS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(secret_keys, expected);
    for (k, v) in secret["stringData"].as_mapping().unwrap() {
        let v = text(v).unwrap();
        assert!(v.contains("CHANGE-ME"), "{k:?} is a placeholder");
    }
    let url = text(&secret["stringData"]["LOTSE_DATABASE_URL"]).unwrap();
    assert!(
        url.starts_with("postgres://"),
        "PostgreSQL is external: {url}"
    );
}

#[test]
fn the_service_and_the_ingress_lead_to_the_api_pods_over_tls() {
    let all = manifests();
    let api = named(&all, "Deployment", "lotse-api");
    let pod_labels = &api["spec"]["template"]["metadata"]["labels"];
    let service = named(&all, "Service", "lotse-api");
    assert!(labels_match(&service["spec"]["selector"], pod_labels));
    let container_ports = &containers(api)[0]["ports"];
    let service_ports = service["spec"]["ports"].as_sequence().unwrap();
    for p in service_ports {
        assert!(
            container_ports
                .as_sequence()
                .unwrap()
                .iter()
                .any(|c| c["name"] == p["targetPort"]),
            "the Service targets a named container port"
        );
    }
    let ingress = &of_kind(&all, "Ingress")[0];
    let tls = ingress["spec"]["tls"].as_sequence().expect("TLS");
    assert!(text(&tls[0]["secretName"]).is_some());
    for rule in ingress["spec"]["rules"].as_sequence().unwrap() {
        assert!(
            tls[0]["hosts"]
                .as_sequence()
                .unwrap()
                .contains(&rule["host"])
        );
        for path in rule["http"]["paths"].as_sequence().unwrap() {
            let backend = &path["backend"]["service"];
            assert_eq!(text(&backend["name"]), Some(name(service)));
            assert!(
                service_ports
                    .iter()
                    .any(|p| p["name"] == backend["port"]["name"])
            );
        }
    }
}

#[test]
fn every_network_policy_selects_lotse_pods() {
    let all = manifests();
    let pods: Vec<Value> = workloads(&all)
        .iter()
        .map(|w| w["spec"]["template"]["metadata"]["labels"].clone())
        .collect();
    for policy in of_kind(&all, "NetworkPolicy") {
        let selector = &policy["spec"]["podSelector"];
        let selects = |labels: &Value| {
            let by_labels =
                selector["matchLabels"].is_null() || labels_match(&selector["matchLabels"], labels);
            let by_expressions = selector["matchExpressions"]
                .as_sequence()
                .map(|exprs| {
                    exprs.iter().all(|e| {
                        assert_eq!(text(&e["operator"]).as_deref(), Some("In"));
                        strings(&e["values"])
                            .iter()
                            .any(|v| text(&labels[&e["key"]]).as_deref() == Some(v))
                    })
                })
                .unwrap_or(true);
            by_labels && by_expressions
        };
        assert!(pods.iter().any(selects), "{} selects no pod", name(&policy));
        assert_eq!(strings(&policy["spec"]["policyTypes"]), ["Ingress"]);
    }
}

#[test]
fn metrics_have_a_port_of_their_own_that_neither_the_service_nor_the_ingress_leads_to() {
    let all = manifests();
    let config = named(&all, "ConfigMap", "lotse-config");
    let port_of = |listen: &str| -> u64 {
        listen
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {listen}"))
    };
    let app = port_of(&text(&config["data"]["LOTSE_LISTEN"]).unwrap());
    let metrics = port_of(
        &text(&config["data"]["LOTSE_METRICS_LISTEN"]).expect("LOTSE_METRICS_LISTEN is set"),
    );
    assert_ne!(app, metrics, "/metrics is not on the application's port");
    for deployment in ["lotse-api", "lotse-worker"] {
        let ports = containers(named(&all, "Deployment", deployment))[0]["ports"].clone();
        assert!(
            ports.as_sequence().unwrap().iter().any(|p| {
                text(&p["name"]).as_deref() == Some("metrics")
                    && p["containerPort"].as_u64() == Some(metrics)
            }),
            "{deployment} names its metrics port"
        );
    }
    let service = named(&all, "Service", "lotse-api");
    for p in service["spec"]["ports"].as_sequence().unwrap() {
        assert_eq!(
            text(&p["targetPort"]).as_deref(),
            Some("http"),
            "the Service leads to the application's port only"
        );
    }
    // Only monitoring may reach the metrics port; the ingress controller only http.
    for policy in of_kind(&all, "NetworkPolicy") {
        for rule in policy["spec"]["ingress"].as_sequence().unwrap() {
            let from_ingress = rule["from"].as_sequence().unwrap().iter().any(|f| {
                text(&f["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"])
                    .as_deref()
                    == Some("ingress-nginx")
            });
            if from_ingress {
                let ports: Vec<Option<String>> = rule["ports"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|p| text(&p["port"]))
                    .collect();
                assert_eq!(ports, [Some("http".to_string())], "{}", name(&policy));
            }
        }
    }
}
