// Validates rendered manifests (kubectl kustomize output) for ./build.sh deploy-check:
//   1. every object against its schema: Kubernetes kinds (kubernetes-models), CloudNativePG's
//      Cluster (@kubernetes-models/cloudnative-pg), RabbitmqCluster (the operator's CRD, vendored
//      in deploy/schemas); an object of a kind with no schema fails;
//   2. the deployment policy (docs/deploy.md): every Deployment has readiness on /health and
//      liveness on /alive, requests and limits on every container, a PodDisruptionBudget and a
//      HorizontalPodAutoscaler; no Secret object and no secret-looking value in plain text; every
//      image pinned to a tag other than latest.
// Usage: node validate.mjs <rendered.yaml>...   Prints one line per file; exits 1 on any problem.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));

const models = {
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/Secret": "kubernetes-models/v1/Secret",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "batch/v1/Job": "kubernetes-models/batch/v1/Job",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "networking.k8s.io/v1/Ingress": "kubernetes-models/networking.k8s.io/v1/Ingress",
  "postgresql.cnpg.io/v1/Cluster": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster",
};

function rabbitmqClusterValidator() {
  const crd = parse(readFileSync(join(here, "../../deploy/schemas/rabbitmq.com_rabbitmqclusters.yaml"), "utf8"));
  const version = crd.spec.versions.find((v) => v.name === "v1beta1");
  // A CRD schema is OpenAPI v3 with Kubernetes extensions (x-kubernetes-*): JSON Schema for ajv
  // once those and the formats it does not know are let through.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(version.schema.openAPIV3Schema);
}

async function validateSchema(object, rabbit) {
  const key = `${object.apiVersion}/${object.kind}`;
  if (key === "rabbitmq.com/v1beta1/RabbitmqCluster") {
    return rabbit(object) ? [] : rabbit.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
  }

  const module = models[key];
  if (!module) {
    return [`no schema for ${key}: add one to tools/deploy-check/validate.mjs`];
  }

  const Model = (await import(module))[object.kind];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

const secretLooking = /(password|secret|token|signingkey|apikey|connectionstrings__)/i;

function containersOf(deployment) {
  const spec = deployment.spec?.template?.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

function matches(selector, labels) {
  return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}

function checkPolicy(objects) {
  const problems = [];
  const deployments = objects.filter((o) => o.kind === "Deployment");
  for (const o of objects) {
    const where = `${o.kind}/${o.metadata?.name}`;
    if (o.kind === "Secret") {
      problems.push(`${where}: secrets are created by the operators or by ops (docs/deploy.md), never kept in the manifests`);
    }

    if (o.kind === "ConfigMap") {
      for (const name of Object.keys(o.data ?? {})) {
        if (secretLooking.test(name)) {
          problems.push(`${where}: ${name} looks like a secret; reference a Secret instead`);
        }
      }
    }
  }

  for (const d of deployments) {
    const where = `Deployment/${d.metadata.name}`;
    const labels = d.spec?.template?.metadata?.labels;
    const app = d.spec?.template?.spec?.containers?.[0];
    if (app?.readinessProbe?.httpGet?.path !== "/health") {
      problems.push(`${where}: readiness must be an HTTP probe on /health`);
    }

    if (app?.livenessProbe?.httpGet?.path !== "/alive") {
      problems.push(`${where}: liveness must be an HTTP probe on /alive`);
    }

    for (const c of containersOf(d)) {
      for (const kind of ["requests", "limits"]) {
        if (!c.resources?.[kind]?.cpu || !c.resources?.[kind]?.memory) {
          problems.push(`${where}: container ${c.name} needs cpu and memory ${kind}`);
        }
      }

      const image = c.image ?? "";
      const tag = image.includes("@") ? "" : image.slice(image.lastIndexOf("/") + 1).split(":")[1];
      if (!tag || tag === "latest") {
        problems.push(`${where}: container ${c.name} image "${image}" must be pinned to a tag (not latest)`);
      }

      for (const e of c.env ?? []) {
        const plain = e.value !== undefined && !e.valueFrom;
        // A value may assemble a secret from other variables ($(DB_PASSWORD)) but never hold one.
        const holdsSecret = /password=(?!\$\()/i.test(e.value ?? "") || (secretLooking.test(e.name) && !/\$\(/.test(e.value ?? ""));
        if (plain && holdsSecret) {
          problems.push(`${where}: container ${c.name} env ${e.name} holds a secret in plain text; use valueFrom.secretKeyRef`);
        }
      }
    }

    if (!objects.some((o) => o.kind === "PodDisruptionBudget" && matches(o.spec?.selector, labels))) {
      problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    }

    if (!objects.some((o) => o.kind === "HorizontalPodAutoscaler" && o.spec?.scaleTargetRef?.kind === "Deployment" && o.spec.scaleTargetRef.name === d.metadata.name)) {
      problems.push(`${where}: no HorizontalPodAutoscaler scales it`);
    }
  }

  for (const o of objects.filter((x) => x.kind === "RabbitmqCluster" || (x.kind === "Cluster" && x.apiVersion.startsWith("postgresql.cnpg.io")))) {
    const image = o.spec?.image ?? o.spec?.imageName ?? "";
    if (!/:[^/]+$/.test(image) || image.endsWith(":latest")) {
      problems.push(`${o.kind}/${o.metadata.name}: image "${image}" must be pinned to a tag (not latest)`);
    }
  }

  return problems;
}

const rabbit = rabbitmqClusterValidator();
let failed = false;
for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  const objects = documents.map((d) => d.toJS()).filter((o) => o);
  const problems = [];
  for (const o of objects) {
    for (const p of await validateSchema(o, rabbit)) {
      problems.push(`${o.kind}/${o.metadata?.name}: ${p}`);
    }
  }

  problems.push(...checkPolicy(objects));
  if (problems.length > 0) {
    failed = true;
    console.log(`${file}: ${problems.length} problem(s)`);
    for (const p of problems) {
      console.log(`  - ${p}`);
    }
  } else {
    const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(", ");
    console.log(`${file}: ${objects.length} objects valid (${kinds}); policy holds`);
  }
}

process.exit(failed ? 1 : 0);
