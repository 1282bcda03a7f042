#!/usr/bin/env python3
"""Offline check that infra/template.yaml matches the code.

The code is the source of truth: `route_manifest` (functions/gateway) prints
each Lambda function's routes, DynamoDB and S3 actions and whether it signs
tokens, and the table's keys and indexes. This script

  1. runs cfn-lint on the template;
  2. translates the SAM template to plain CloudFormation with
     aws-sam-translator (stub managed-policy loader, fixed region);
  3. checks the translated template against the manifest: routes both ways,
     function runtime/architecture/build metadata, per-function IAM (exactly
     the actions the code uses, on the right resources, no wildcards), table
     keys/indexes/projections, PITR, deletion protection, encryption, buckets,
     CloudFront, throttling, logs, schedule, alarms and outputs;
  4. creates the translated stack on a moto server started on a free port
     (moto's CloudFormation skips what it cannot model, e.g. the HTTP API and
     CloudFront) and checks what it did create, then deletes it.

Usage:
  infra_check.py                      everything (what `make infra-check` runs)
  infra_check.py --self-test          prove the checks bite: a route added to
                                      the code only, and policies widened to
                                      "*", must each make the check fail
  infra_check.py --template F --manifest M --skip-moto --skip-lint
                                      check another template / manifest

Exit status 0 when everything matches, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE = ROOT / "infra" / "template.yaml"
REGION = "ap-southeast-1"
ARTIFACT_BUCKET = "infra-check-artifacts"
# A value for AllowedOrigins while translating, to see that it reaches the CORS
# configuration (the SAM transform substitutes parameter values).
SAMPLE_ALLOWED_ORIGINS = "https://portal.example.gov.vn,https://ward.example.gov.vn"

# The manifest's function names and the Cargo binaries they are built from.
BINARIES = {
    "registration": "registration",
    "start-attempt": "start-attempt",
    "submit": "submit",
    "ranking": "ranking",
    "organizer": "organizer",
    "organizer-imports": "organizer_imports",
    "organizer-exports": "organizer_exports",
    "close-rounds": "close_rounds",
}

# Actions whose resource is the bucket itself; every other S3 action is on objects.
S3_BUCKET_ACTIONS = {"s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"}
# DynamoDB actions that make sense on an index.
DYNAMODB_INDEX_ACTIONS = {"dynamodb:Query", "dynamodb:Scan"}
# X-Ray has no resource-level permissions: AWS requires "*" for these two.
XRAY_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
# A text message goes to a phone number, which has no ARN: SNS requires "*"
# for Publish to one. Only functions whose code sends SMS may be granted it.
SMS_ACTIONS = {"sns:Publish"}
UNSCOPED_ACTIONS = XRAY_ACTIONS | SMS_ACTIONS
LOG_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents"}
SSM_READ_ACTIONS = {"ssm:GetParameter"}

# One key pair per token role; the manifest says whose tokens a function
# verifies and signs ("participant", "organizer" or null).
ROLES = ("participant", "organizer")


def private_key_arn(role: str) -> str:
    return f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/${{AWS::StackName}}/jwt/{role}/private-key"


def public_key_reference(role: str) -> str:
    return f"{{{{resolve:ssm:/${{AWS::StackName}}/jwt/{role}/public-key}}}}"


def private_key_name(role: str) -> str:
    return f"/${{AWS::StackName}}/jwt/{role}/private-key"


def key_variable(role: str, kind: str) -> str:
    return f"JWT_{role.upper()}_{kind}"


PRIVATE_KEY_ARNS = {private_key_arn(r): r for r in ROLES}
# The CDN's origin secret: CloudFront sends it in this header, the functions
# that answer requests get it in ORIGIN_SECRET.
ORIGIN_HEADER = "x-origin-verify"
ORIGIN_SECRET_REFERENCE = "{{resolve:ssm:/${AWS::StackName}/origin-secret}}"
# Write actions, which a LeadingKeys condition must narrow where the code
# declares the partition keys a function writes.
DYNAMODB_WRITE_ACTIONS = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
# The registration challenge's HMAC key: only the function serving
# challenges reads it, by parameter name.
CHALLENGE_KEY_ARN = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${AWS::StackName}/challenge/hmac-key"
CHALLENGE_KEY_NAME = "/${AWS::StackName}/challenge/hmac-key"
# E-mail goes out from the account's verified SES identities only.
SES_IDENTITIES_ARN = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"

MANAGED_CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
MANAGED_ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
CSP_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors",
]
REQUIRED_OUTPUTS = ["SiteUrl", "ApiUrl", "ExportsBucket", "TableName", "SiteBucket", "DistributionId"]


def say(message: str) -> None:
    print(message, flush=True)


# ----------------------------------------------------------------- inputs


def load_manifest(path: str | None) -> dict:
    if path:
        return json.loads(Path(path).read_text())
    say("==> cargo build --quiet --bin route_manifest")
    subprocess.run(["cargo", "build", "--quiet", "--bin", "route_manifest"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    out = subprocess.run([str(target / "debug" / "route_manifest")], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def cargo_binaries() -> set[str] | None:
    """Names of the workspace's binary targets (None if cargo is unavailable)."""
    try:
        out = subprocess.run(
            ["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"],
            cwd=ROOT, check=True, capture_output=True, text=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    meta = json.loads(out.stdout)
    return {t["name"] for p in meta["packages"] for t in p["targets"] if "bin" in t["kind"]}


def load_template(path: Path) -> dict:
    from cfnlint.decode.cfn_yaml import loads  # understands !Ref, !Sub, ... short forms

    # JSON round trip: plain dicts/strs instead of cfn-lint's node classes.
    return json.loads(json.dumps(loads(path.read_text())))


def translate(template: dict) -> dict:
    """SAM -> CloudFormation, the way `sam package` + the transform would."""
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    from samtranslator.translator.transform import transform

    class StubPolicyLoader:  # no IAM calls: every function brings its own role
        def load(self):
            return {}

    source = copy.deepcopy(template)
    # `sam package` replaces local CodeUri paths with S3 locations.
    source.get("Globals", {}).get("Function", {}).pop("CodeUri", None)
    for name, resource in source["Resources"].items():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource.setdefault("Properties", {})["CodeUri"] = f"s3://{ARTIFACT_BUCKET}/{name}.zip"
    import logging

    logging.getLogger("samtranslator").setLevel(logging.ERROR)
    return transform(source, {"AllowedOrigins": SAMPLE_ALLOWED_ORIGINS}, StubPolicyLoader())


# ----------------------------------------------------------- normalising


def text(value) -> str:
    """An intrinsic-bearing value as one comparable string: Ref X -> ${X}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Ref":
            return "${" + arg + "}"
        if fn == "Fn::GetAtt":
            parts = arg if isinstance(arg, list) else arg.split(".", 1)
            return "${" + ".".join(parts) + "}"
        if fn == "Fn::Sub":
            if isinstance(arg, str):
                return arg
            template, variables = arg
            for key, val in variables.items():
                template = template.replace("${" + key + "}", text(val))
            return template
        if fn == "Fn::Join":
            sep, items = arg
            return sep.join(text(i) for i in items)
    return json.dumps(value, sort_keys=True)


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ref_target(value) -> str | None:
    """Logical id named by Ref X / GetAtt X.Attr, else None."""
    if isinstance(value, dict):
        if "Ref" in value:
            return value["Ref"]
        if "Fn::GetAtt" in value:
            arg = value["Fn::GetAtt"]
            return arg[0] if isinstance(arg, list) else arg.split(".")[0]
    return None


# ----------------------------------------------------------------- checks


class Checker:
    def __init__(self, manifest: dict, source: dict, cfn: dict, binaries: set[str] | None):
        self.manifest = manifest
        self.source = source
        self.cfn = cfn
        self.resources = cfn["Resources"]
        self.binaries = binaries
        self.problems: list[str] = []
        self.stats = {"routes": 0, "functions": 0, "statements": 0, "indexes": 0, "buckets": 0}

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def of_type(self, type_name: str) -> dict[str, dict]:
        return {k: v for k, v in self.resources.items() if v.get("Type") == type_name}

    def run(self) -> list[str]:
        self.functions = self.check_functions()
        self.table_id = self.check_table()
        self.exports_id = self.check_buckets()
        self.check_routes()
        self.check_iam()
        self.check_private_keys_disjoint()
        self.check_no_wildcards_anywhere()
        self.check_api()
        self.check_cloudfront()
        self.check_schedule()
        self.check_alarms()
        self.check_log_groups()
        self.check_outputs()
        return self.problems

    # ---- functions: one per manifest entry, built right, configured right
    def check_functions(self) -> dict[str, str]:
        """Maps manifest function name -> logical id of its AWS::Lambda::Function."""
        by_binary: dict[str, list[str]] = {}
        for name, res in self.source["Resources"].items():
            if res.get("Type") != "AWS::Serverless::Function":
                continue
            meta = res.get("Metadata") or {}
            binary = (meta.get("BuildProperties") or {}).get("Binary")
            if meta.get("BuildMethod") != "rust-cargolambda":
                self.fail(f"function {name}: Metadata.BuildMethod must be rust-cargolambda, is {meta.get('BuildMethod')!r}")
            if not binary:
                self.fail(f"function {name}: Metadata.BuildProperties.Binary (the Cargo binary) is missing")
                continue
            if self.binaries is not None and binary not in self.binaries:
                self.fail(f"function {name}: Binary {binary!r} is not a binary of the Cargo workspace")
            by_binary.setdefault(binary, []).append(name)
            code_uri = (res.get("Properties") or {}).get("CodeUri", self.source.get("Globals", {}).get("Function", {}).get("CodeUri"))
            if code_uri is None or (ROOT / "infra" / str(code_uri)).resolve() != ROOT:
                self.fail(f"function {name}: CodeUri must be the Cargo workspace root ('..' from infra/), is {code_uri!r}")

        wanted = {BINARIES.get(fn, fn): fn for fn in self.manifest["functions"]}
        mapping: dict[str, str] = {}
        for binary, fn in wanted.items():
            ids = by_binary.get(binary, [])
            if not ids:
                self.fail(f"function {fn} (binary {binary}) is in the code but not in the template")
            elif len(ids) > 1:
                self.fail(f"function {fn} (binary {binary}) is defined more than once: {', '.join(ids)}")
            else:
                mapping[fn] = ids[0]
        for binary, ids in by_binary.items():
            if binary not in wanted:
                self.fail(f"template functions {', '.join(ids)} (binary {binary}) are not functions of the code's manifest")

        for fn, logical in mapping.items():
            props = self.resources[logical]["Properties"]
            where = f"function {fn} ({logical})"
            if props.get("Architectures") != ["arm64"]:
                self.fail(f"{where}: Architectures must be [arm64], is {props.get('Architectures')}")
            if props.get("Runtime") != "provided.al2023":
                self.fail(f"{where}: Runtime must be provided.al2023, is {props.get('Runtime')}")
            if props.get("Handler") != "bootstrap":
                self.fail(f"{where}: Handler must be bootstrap, is {props.get('Handler')}")
            if (props.get("TracingConfig") or {}).get("Mode") != "Active":
                self.fail(f"{where}: tracing must be Active")
            for key in ("MemorySize", "Timeout"):
                if not isinstance(props.get(key), int):
                    self.fail(f"{where}: {key} must be set")
            log_group = ref_target((props.get("LoggingConfig") or {}).get("LogGroup"))
            if not log_group or self.resources.get(log_group, {}).get("Type") != "AWS::Logs::LogGroup":
                self.fail(f"{where}: LoggingConfig.LogGroup must name a log group of the stack (with retention)")
            env = (props.get("Environment") or {}).get("Variables") or {}
            signs = self.manifest["functions"][fn]["signs_tokens"]
            serves = bool(self.manifest["functions"][fn]["routes"])
            if ref_target(env.get("TABLE_NAME")) is None:
                self.fail(f"{where}: TABLE_NAME must reference the table")
            if ref_target(env.get("EXPORTS_BUCKET")) is None:
                self.fail(f"{where}: EXPORTS_BUCKET must reference the exports bucket")
            verifies = self.manifest["functions"][fn]["verifies_tokens"]
            for name in env:
                if name.startswith("JWT_") and name not in {key_variable(r, k) for r in ROLES for k in ("PUBLIC_KEY", "PRIVATE_KEY_PARAMETER")}:
                    self.fail(f"{where}: {name} must not be in the template (private keys stay in SSM, read by "
                              f"parameter name; public keys are resolved into JWT_<ROLE>_PUBLIC_KEY)")
            for r in ROLES:
                public, private = key_variable(r, "PUBLIC_KEY"), key_variable(r, "PRIVATE_KEY_PARAMETER")
                if verifies == r and text(env.get(public)) != public_key_reference(r):
                    self.fail(f"{where}: checks {r} tokens, so {public} must be {public_key_reference(r)} "
                              f"(resolved at deployment: no SSM read at cold start)")
                if verifies != r and public in env:
                    self.fail(f"{where}: does not check {r} tokens but is given {public}"
                              + (" (answers no requests)" if not verifies else ""))
                if signs == r and text(env.get(private)) != private_key_name(r):
                    self.fail(f"{where}: issues {r} tokens, so {private} must be {private_key_name(r)}")
                if signs != r and private in env:
                    self.fail(f"{where}: does not issue {r} tokens but is given {private}")
            if serves and text(env.get("ORIGIN_SECRET")) != ORIGIN_SECRET_REFERENCE:
                self.fail(f"{where}: answers requests, so ORIGIN_SECRET must be {ORIGIN_SECRET_REFERENCE} "
                          f"(it refuses what did not come through the CDN)")
            if not serves and "ORIGIN_SECRET" in env:
                self.fail(f"{where}: answers no requests but is given ORIGIN_SECRET")
            challenge = self.manifest["functions"][fn].get("reads_challenge_key", False)
            if challenge and text(env.get("CHALLENGE_HMAC_KEY_PARAMETER")) != CHALLENGE_KEY_NAME:
                self.fail(f"{where}: serves registration challenges, so CHALLENGE_HMAC_KEY_PARAMETER must be {CHALLENGE_KEY_NAME}")
            if not challenge and "CHALLENGE_HMAC_KEY_PARAMETER" in env:
                self.fail(f"{where}: serves no challenges but is given CHALLENGE_HMAC_KEY_PARAMETER")
            for literal in ("CHALLENGE_HMAC_KEY", "CHALLENGE_HMAC_KEY_FILE"):
                if literal in env:
                    self.fail(f"{where}: {literal} must not be in the template (the key stays in SSM)")
            emails = self.manifest["functions"][fn].get("sends_email", False)
            if not emails and "EMAIL_SENDER" in env:
                self.fail(f"{where}: sends no e-mail but is given EMAIL_SENDER")
            role = ref_target(props.get("Role"))
            if not role or self.resources.get(role, {}).get("Type") != "AWS::IAM::Role":
                self.fail(f"{where}: Role must be a role of the stack (its own, least privilege)")
        roles = [ref_target(self.resources[l]["Properties"].get("Role")) for l in mapping.values()]
        for role in {r for r in roles if r}:
            if roles.count(role) > 1:
                self.fail(f"role {role} is shared by several functions: each function gets its own")
        self.stats["functions"] = len(mapping)
        return mapping

    # ---- the table equals the code's definition
    def check_table(self) -> str | None:
        tables = self.of_type("AWS::DynamoDB::Table")
        if len(tables) != 1:
            self.fail(f"expected exactly one DynamoDB table, found {len(tables)}")
            return None
        (logical, res), = tables.items()
        props = res["Properties"]
        want = self.manifest["table"]
        where = f"table {logical}"
        keys = {k["KeyType"]: k["AttributeName"] for k in props.get("KeySchema", [])}
        if keys != {"HASH": want["partition_key"], "RANGE": want["sort_key"]}:
            self.fail(f"{where}: key schema {keys} differs from the code's (pk {want['partition_key']}, sk {want['sort_key']})")
        attrs = {a["AttributeName"]: a["AttributeType"] for a in props.get("AttributeDefinitions", [])}
        key_attrs = {want["partition_key"], want["sort_key"]}
        for index in want["global_indexes"]:
            key_attrs |= {index["partition_key"], index["sort_key"]} - {None}
        if set(attrs) != key_attrs:
            self.fail(f"{where}: AttributeDefinitions {sorted(attrs)} must be exactly the key attributes {sorted(key_attrs)}")
        for name, kind in attrs.items():
            if kind != "S":
                self.fail(f"{where}: attribute {name} must be a string (S), is {kind}")
        have = {g["IndexName"]: g for g in props.get("GlobalSecondaryIndexes", [])}
        for index in want["global_indexes"]:
            got = have.pop(index["name"], None)
            if got is None:
                self.fail(f"{where}: global index {index['name']} is in the code but not in the template")
                continue
            gkeys = {k["KeyType"]: k["AttributeName"] for k in got.get("KeySchema", [])}
            wkeys = {"HASH": index["partition_key"]}
            if index.get("sort_key"):
                wkeys["RANGE"] = index["sort_key"]
            if gkeys != wkeys:
                self.fail(f"{where}: index {index['name']} keys {gkeys} differ from the code's {wkeys}")
            projection = got.get("Projection", {})
            if projection.get("ProjectionType") != index["projection"]:
                self.fail(f"{where}: index {index['name']} projection {projection.get('ProjectionType')} differs from the code's {index['projection']}")
            if sorted(projection.get("NonKeyAttributes", [])) != sorted(index["non_key_attributes"]):
                self.fail(
                    f"{where}: index {index['name']} projected attributes {sorted(projection.get('NonKeyAttributes', []))} "
                    f"differ from the code's {sorted(index['non_key_attributes'])}"
                )
            self.stats["indexes"] += 1
        for extra in have:
            self.fail(f"{where}: global index {extra} is in the template but not in the code")
        if props.get("BillingMode") != "PAY_PER_REQUEST" or "ProvisionedThroughput" in props:
            self.fail(f"{where}: billing must be on-demand (PAY_PER_REQUEST)")
        if (props.get("PointInTimeRecoverySpecification") or {}).get("PointInTimeRecoveryEnabled") is not True:
            self.fail(f"{where}: point-in-time recovery must be enabled")
        if props.get("DeletionProtectionEnabled") is not True:
            self.fail(f"{where}: deletion protection must be enabled")
        if (props.get("SSESpecification") or {}).get("SSEEnabled") is not True:
            self.fail(f"{where}: server-side encryption (SSESpecification.SSEEnabled) must be on")
        if res.get("DeletionPolicy") != "Retain" or res.get("UpdateReplacePolicy") != "Retain":
            self.fail(f"{where}: DeletionPolicy and UpdateReplacePolicy must be Retain (the contest's record)")
        ttl = props.get("TimeToLiveSpecification") or {}
        if want.get("time_to_live") and (ttl.get("AttributeName") != want["time_to_live"] or ttl.get("Enabled") is not True):
            self.fail(f"{where}: TimeToLiveSpecification must enable {want['time_to_live']!r} (rate counters and challenges expire by it)")
        return logical

    # ---- buckets: private, encrypted; exports versioned with a lifecycle
    def check_buckets(self) -> str | None:
        buckets = self.of_type("AWS::S3::Bucket")
        self.stats["buckets"] = len(buckets)
        for logical, res in buckets.items():
            props = res.get("Properties") or {}
            block = props.get("PublicAccessBlockConfiguration") or {}
            for flag in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"):
                if block.get(flag) is not True:
                    self.fail(f"bucket {logical}: PublicAccessBlockConfiguration.{flag} must be true")
            if not (props.get("BucketEncryption") or {}).get("ServerSideEncryptionConfiguration"):
                self.fail(f"bucket {logical}: BucketEncryption must be set")
        exports = {ref_target(self.resources[l]["Properties"]["Environment"]["Variables"].get("EXPORTS_BUCKET"))
                   for l in self.functions.values()
                   if (self.resources[l]["Properties"].get("Environment") or {}).get("Variables")}
        exports.discard(None)
        if len(exports) != 1:
            self.fail(f"all functions must name one exports bucket in EXPORTS_BUCKET, found {sorted(exports)}")
            return None
        (logical,) = exports
        res = buckets.get(logical)
        if res is None:
            self.fail(f"EXPORTS_BUCKET references {logical}, which is not a bucket of the stack")
            return None
        props = res.get("Properties") or {}
        if (props.get("VersioningConfiguration") or {}).get("Status") != "Enabled":
            self.fail(f"exports bucket {logical}: versioning must be enabled")
        rules = (props.get("LifecycleConfiguration") or {}).get("Rules") or []
        if not any(r.get("Status") == "Enabled" and r.get("NoncurrentVersionExpiration") for r in rules):
            self.fail(f"exports bucket {logical}: needs an enabled lifecycle rule expiring noncurrent versions")
        if res.get("DeletionPolicy") != "Retain":
            self.fail(f"exports bucket {logical}: DeletionPolicy must be Retain")
        # Exports hold personal data: they expire after the retention period
        # the contests default to (the closing job deletes a contest's
        # exports when its own period ends).
        want_days = self.manifest.get("personal_data_retention_days")
        expirations = [r.get("ExpirationInDays") for r in rules if r.get("Status") == "Enabled" and r.get("ExpirationInDays")]
        days = []
        for value in expirations:
            if isinstance(value, dict) and "Ref" in value:
                param = (self.source.get("Parameters") or {}).get(value["Ref"]) or (self.cfn.get("Parameters") or {}).get(value["Ref"]) or {}
                days.append(param.get("Default"))
            else:
                days.append(value)
        if want_days is not None and want_days not in [int(d) for d in days if d is not None]:
            self.fail(f"exports bucket {logical}: an enabled lifecycle rule must expire exports after "
                      f"{want_days} days (the default personal_data_retention_days), found {days}")
        return logical

    # ---- routes: the code's and the API's, both ways
    def check_routes(self) -> None:
        apis = self.of_type("AWS::ApiGatewayV2::Api")
        if len(apis) != 1:
            self.fail(f"expected exactly one HTTP API, found {len(apis)}")
            return
        (api_id, api), = apis.items()
        body = api["Properties"].get("Body") or {}
        template_routes: dict[tuple[str, str], str] = {}
        logical_to_fn = {v: k for k, v in self.functions.items()}
        for path, methods in (body.get("paths") or {}).items():
            for method, op in methods.items():
                if method.startswith("x-amazon-apigateway-any-method"):
                    method = "ANY"
                integration = (op or {}).get("x-amazon-apigateway-integration") or {}
                uri = text(integration.get("uri"))
                match = re.search(r"functions/\$\{(\w+)\.Arn\}/invocations", uri)
                target = match.group(1) if match else uri
                template_routes[(method.upper(), path)] = logical_to_fn.get(target, target)
        code_routes = {}
        for fn, spec in self.manifest["functions"].items():
            for route in spec["routes"]:
                code_routes[(route["method"].upper(), route["path"])] = fn
        for key, fn in sorted(code_routes.items()):
            got = template_routes.get(key)
            if got is None:
                self.fail(f"route {key[0]} {key[1]} is served by the code ({fn}) but missing from the HTTP API in the template")
            elif got != fn:
                self.fail(f"route {key[0]} {key[1]} goes to {got} in the template but is served by {fn} in the code")
            else:
                self.stats["routes"] += 1
        for key, fn in sorted(template_routes.items()):
            if key not in code_routes:
                self.fail(f"route {key[0]} {key[1]} (to {fn}) is in the template but no function serves it in the code")

    # ---- IAM: exactly the code's permissions
    def role_statements(self, role_id: str) -> list[dict]:
        props = self.resources[role_id].get("Properties") or {}
        statements = []
        for policy in props.get("Policies") or []:
            statements += as_list((policy.get("PolicyDocument") or {}).get("Statement"))
        for logical, res in self.of_type("AWS::IAM::Policy").items():
            if role_id in [ref_target(r) for r in as_list(res["Properties"].get("Roles"))]:
                statements += as_list(res["Properties"]["PolicyDocument"].get("Statement"))
        return statements

    def check_iam(self) -> None:
        table_arn = f"${{{self.table_id}.Arn}}" if self.table_id else None
        index_arn = f"${{{self.table_id}.Arn}}/index/*" if self.table_id else None
        bucket_arn = f"${{{self.exports_id}.Arn}}" if self.exports_id else None
        objects_arn = f"${{{self.exports_id}.Arn}}/*" if self.exports_id else None
        for fn, logical in self.functions.items():
            props = self.resources[logical]["Properties"]
            role_id = ref_target(props.get("Role"))
            if not role_id or role_id not in self.resources:
                continue
            where = f"function {fn} (role {role_id})"
            role = self.resources[role_id].get("Properties") or {}
            if role.get("ManagedPolicyArns"):
                self.fail(f"{where}: managed policies {role['ManagedPolicyArns']} grant more than the code needs; use the inline policy")
            principals = [s.get("Principal") for s in as_list((role.get("AssumeRolePolicyDocument") or {}).get("Statement"))]
            if principals != [{"Service": "lambda.amazonaws.com"}]:
                self.fail(f"{where}: only lambda.amazonaws.com may assume it, found {principals}")
            spec = self.manifest["functions"][fn]
            want_dynamo = set(spec["dynamodb_actions"])
            want_s3 = set(spec["s3_actions"])
            log_group = ref_target((props.get("LoggingConfig") or {}).get("LogGroup"))
            log_arn = f"${{{log_group}.Arn}}"
            granted: dict[str, set[str]] = {}
            writes: list = []
            for statement in self.role_statements(role_id):
                self.stats["statements"] += 1
                if statement.get("Effect") != "Allow":
                    continue
                if "NotAction" in statement or "NotResource" in statement:
                    self.fail(f"{where}: NotAction/NotResource grant everything else; list actions and resources")
                    continue
                actions = [str(a) for a in as_list(statement.get("Action"))]
                resources = [text(r) for r in as_list(statement.get("Resource"))]
                condition = statement.get("Condition") or {}
                if any(a in DYNAMODB_WRITE_ACTIONS for a in actions):
                    leading = (condition.get("ForAllValues:StringLike") or {}).get("dynamodb:LeadingKeys")
                    writes.append((statement.get("Sid", "?"), actions, None if leading is None else sorted(as_list(leading)), condition))
                elif condition:
                    self.fail(f"{where}: statement {statement.get('Sid', '?')} has a condition; only table writes carry one (LeadingKeys)")
                for action in actions:
                    if "*" in action:
                        self.fail(f"{where}: wildcard action {action!r} in statement {statement.get('Sid', '?')}; grant the code's actions only")
                for resource in resources:
                    if resource == "*" and not all(a in UNSCOPED_ACTIONS for a in actions):
                        self.fail(f"{where}: wildcard resource '*' for {actions} in statement {statement.get('Sid', '?')}; name the table, bucket or parameter")
                for action in actions:
                    for resource in resources:
                        granted.setdefault(action, set()).add(resource)
            # compare, action by action (wildcards were reported above)
            widened = any("*" in a for a in granted) or any("*" in r for a, rs in granted.items() for r in rs if r == "*" and a not in UNSCOPED_ACTIONS)
            for action, resources in sorted(granted.items()):
                service = action.split(":", 1)[0]
                resources = resources - {"*"}
                if "*" in action:
                    continue
                if service == "dynamodb":
                    if action not in want_dynamo:
                        self.fail(f"{where}: grants {action}, which the code does not use")
                        continue
                    allowed = {table_arn} | ({index_arn} if action in DYNAMODB_INDEX_ACTIONS else set())
                    for resource in resources - allowed:
                        self.fail(f"{where}: {action} on {resource}; only the table ({table_arn}) and its indexes ({index_arn}) are allowed")
                elif service == "s3":
                    if action not in want_s3:
                        self.fail(f"{where}: grants {action}, which the code does not use")
                        continue
                    allowed = {bucket_arn} if action in S3_BUCKET_ACTIONS else {objects_arn}
                    for resource in resources - allowed:
                        self.fail(f"{where}: {action} on {resource}; must be on {sorted(allowed)[0]} only")
                elif service == "ssm":
                    if action not in SSM_READ_ACTIONS:
                        self.fail(f"{where}: grants {action}; only ssm:GetParameter on its own private key parameter is needed")
                        continue
                    allowed = {private_key_arn(spec["signs_tokens"])} if spec["signs_tokens"] else set()
                    if spec.get("reads_challenge_key"):
                        allowed.add(CHALLENGE_KEY_ARN)
                    for resource in resources - allowed:
                        role_of = PRIVATE_KEY_ARNS.get(resource)
                        what = (f"the {role_of} private signing key (it does not issue {role_of} tokens)"
                                if role_of else resource)
                        self.fail(f"{where}: {action} on {what}")
                elif service == "sns":
                    if action not in SMS_ACTIONS or not spec.get("sends_sms"):
                        self.fail(f"{where}: grants {action}, which the code does not use")
                elif service == "ses":
                    if action != "ses:SendEmail" or not spec.get("sends_email"):
                        self.fail(f"{where}: grants {action}, which the code does not use")
                    for resource in resources - {SES_IDENTITIES_ARN}:
                        self.fail(f"{where}: {action} on {resource}; only the account's sender identities {SES_IDENTITIES_ARN}")
                elif service == "logs":
                    if action not in LOG_ACTIONS:
                        self.fail(f"{where}: grants {action}; only {sorted(LOG_ACTIONS)} on its own log group")
                    for resource in resources - {log_arn}:
                        self.fail(f"{where}: {action} on {resource}; only its own log group {log_arn}")
                elif service == "xray":
                    if action not in XRAY_ACTIONS:
                        self.fail(f"{where}: grants {action}; tracing needs only {sorted(XRAY_ACTIONS)}")
                else:
                    self.fail(f"{where}: grants {action}, which the code does not use")
            # and what the code needs must be there
            if widened:
                continue
            for action in sorted(want_dynamo):
                if table_arn not in granted.get(action, set()):
                    self.fail(f"{where}: the code uses {action} but the policy does not grant it on the table")
            if "dynamodb:Query" in want_dynamo and index_arn not in granted.get("dynamodb:Query", set()):
                self.fail(f"{where}: the code queries but the policy does not grant dynamodb:Query on {index_arn}")
            for action in sorted(want_s3):
                allowed = bucket_arn if action in S3_BUCKET_ACTIONS else objects_arn
                if allowed not in granted.get(action, set()):
                    self.fail(f"{where}: the code uses {action} but the policy does not grant it on {allowed}")
            if spec["signs_tokens"] and private_key_arn(spec["signs_tokens"]) not in granted.get("ssm:GetParameter", set()):
                self.fail(f"{where}: issues {spec['signs_tokens']} tokens but cannot read its private key parameter")
            # Table writes: narrowed to the partition keys the code declares
            # (dynamodb:LeadingKeys), or broad where the code says so.
            want_leading = spec.get("writes_leading_keys")
            for sid, actions, leading, condition in writes:
                if want_leading is None:
                    if leading is not None or condition:
                        self.fail(f"{where}: statement {sid} narrows writes the code declares as broad; update the code's Permissions.writes")
                    continue
                if leading is None:
                    self.fail(f"{where}: statement {sid} grants {sorted(a for a in actions if a in DYNAMODB_WRITE_ACTIONS)} "
                              f"without a dynamodb:LeadingKeys condition (ForAllValues:StringLike {sorted(want_leading)})")
                elif leading != sorted(want_leading):
                    self.fail(f"{where}: statement {sid} LeadingKeys {leading} differ from the code's {sorted(want_leading)}")
                if set(condition) - {"ForAllValues:StringLike"}:
                    self.fail(f"{where}: statement {sid} has conditions beyond LeadingKeys: {sorted(condition)}")
            if spec.get("reads_challenge_key") and CHALLENGE_KEY_ARN not in granted.get("ssm:GetParameter", set()):
                self.fail(f"{where}: serves registration challenges but cannot read their key parameter")
            if spec.get("sends_sms") and "sns:Publish" not in granted:
                self.fail(f"{where}: sends verification codes by SMS but is not granted sns:Publish")
            if spec.get("sends_email") and "ses:SendEmail" not in granted:
                self.fail(f"{where}: sends reset codes by e-mail but is not granted ses:SendEmail")
            for action in sorted(LOG_ACTIONS):
                if log_arn not in granted.get(action, set()):
                    self.fail(f"{where}: cannot write its logs ({action} on {log_arn})")
            for action in sorted(XRAY_ACTIONS):
                if action not in granted:
                    self.fail(f"{where}: tracing is Active but {action} is not granted")

    def check_private_keys_disjoint(self) -> None:
        """Each role's private key is readable by the one function that signs
        that role's tokens, and by no other: the sets are disjoint."""
        readers: dict[str, set[str]] = {}
        for fn, logical in self.functions.items():
            role_id = ref_target(self.resources[logical]["Properties"].get("Role"))
            if not role_id:
                continue
            for statement in self.role_statements(role_id):
                if statement.get("Effect") != "Allow" or "ssm:GetParameter" not in as_list(statement.get("Action")):
                    continue
                for resource in as_list(statement.get("Resource")):
                    readers.setdefault(text(resource), set()).add(fn)
        for arn, role in PRIVATE_KEY_ARNS.items():
            signers = {fn for fn, spec in self.manifest["functions"].items() if spec["signs_tokens"] == role}
            if readers.get(arn, set()) != signers:
                self.fail(f"the {role} private key must be readable by {sorted(signers)} only, is by {sorted(readers.get(arn, set()))}")
        by_signer: dict[str, set[str]] = {}
        for arn, fns in readers.items():
            for fn in fns:
                by_signer.setdefault(fn, set()).add(arn)
        for fn, arns in by_signer.items():
            if len(arns & set(PRIVATE_KEY_ARNS)) > 1:
                self.fail(f"function {fn} can read several private keys: {sorted(arns)}")
        self.stats["private_keys"] = {role: sorted(readers.get(arn, set())) for arn, role in PRIVATE_KEY_ARNS.items()}

    def check_no_wildcards_anywhere(self) -> None:
        """Every Allow statement of every policy in the stack: no '*' action, no '*' resource."""
        def documents():
            for logical, res in self.resources.items():
                props = res.get("Properties") or {}
                if res["Type"] == "AWS::IAM::Role":
                    for p in props.get("Policies") or []:
                        yield logical, p.get("PolicyDocument") or {}
                elif res["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy"):
                    yield logical, props.get("PolicyDocument") or {}
        for logical, document in documents():
            for statement in as_list(document.get("Statement")):
                if statement.get("Effect") != "Allow":
                    continue  # a Deny with a wildcard only takes away
                actions = [str(a) for a in as_list(statement.get("Action"))]
                for action in actions:
                    if action == "*" or action.endswith(":*"):
                        self.fail(f"{logical}: Allow of wildcard action {action!r}")
                for resource in as_list(statement.get("Resource")):
                    if text(resource) == "*" and not all(a in UNSCOPED_ACTIONS for a in actions):
                        self.fail(f"{logical}: Allow on wildcard resource '*' for {actions}")
                principal = statement.get("Principal")
                if principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*"):
                    self.fail(f"{logical}: Allow to any principal '*'")
        for logical, res in self.resources.items():
            if res["Type"] == "AWS::IAM::Role" and (res.get("Properties") or {}).get("ManagedPolicyArns"):
                self.fail(f"{logical}: managed policies are not checkable here; use inline statements")

    # ---- API: stage throttling, access logs, CORS from the parameter
    def check_api(self) -> None:
        stages = self.of_type("AWS::ApiGatewayV2::Stage")
        if len(stages) != 1:
            self.fail(f"expected one API stage, found {len(stages)}")
            return
        (logical, stage), = stages.items()
        props = stage["Properties"]
        route = props.get("DefaultRouteSettings") or {}
        if "ThrottlingRateLimit" not in route or "ThrottlingBurstLimit" not in route:
            self.fail(f"API stage {logical}: DefaultRouteSettings must set ThrottlingRateLimit and ThrottlingBurstLimit")
        access = props.get("AccessLogSettings") or {}
        group = ref_target(access.get("DestinationArn"))
        if not group or self.resources.get(group, {}).get("Type") != "AWS::Logs::LogGroup" or not access.get("Format"):
            self.fail(f"API stage {logical}: access logs must go to a log group of the stack, with a format")
        apis = self.of_type("AWS::ApiGatewayV2::Api")
        for api_id, api in apis.items():
            cors = json.dumps((api["Properties"].get("Body") or {}).get("x-amazon-apigateway-cors"))
            if SAMPLE_ALLOWED_ORIGINS not in cors or '"*"' in cors:
                self.fail(f"HTTP API {api_id}: CORS allowOrigins must come from the AllowedOrigins parameter (and never be '*')")

    # ---- CloudFront: private site bucket via OAC, HTTPS, headers, /api/* to the API
    def check_cloudfront(self) -> None:
        dists = self.of_type("AWS::CloudFront::Distribution")
        if len(dists) != 1:
            self.fail(f"expected one CloudFront distribution, found {len(dists)}")
            return
        (logical, dist), = dists.items()
        config = dist["Properties"]["DistributionConfig"]
        where = f"distribution {logical}"
        if config.get("DefaultRootObject") != "index.html":
            self.fail(f"{where}: DefaultRootObject must be index.html")
        origins = {o["Id"]: o for o in config.get("Origins", [])}
        behaviors = [config.get("DefaultCacheBehavior", {})] + config.get("CacheBehaviors", [])
        for b in behaviors:
            if b.get("ViewerProtocolPolicy") not in ("redirect-to-https", "https-only"):
                self.fail(f"{where}: behavior {b.get('PathPattern', 'default')} must be HTTPS only (redirect-to-https or https-only)")
            if not b.get("ResponseHeadersPolicyId"):
                self.fail(f"{where}: behavior {b.get('PathPattern', 'default')} needs the security headers policy")
        default = config.get("DefaultCacheBehavior", {})
        site = origins.get(default.get("TargetOriginId"), {})
        site_bucket = ref_target(site.get("DomainName"))
        if not site.get("OriginAccessControlId") or self.resources.get(site_bucket, {}).get("Type") != "AWS::S3::Bucket":
            self.fail(f"{where}: the default origin must be the site bucket through an origin access control")
        api = [b for b in config.get("CacheBehaviors", []) if b.get("PathPattern") == "/api/*"]
        if len(api) != 1:
            self.fail(f"{where}: needs one /api/* behavior routed to the HTTP API")
        else:
            b = api[0]
            origin = origins.get(b.get("TargetOriginId"), {})
            apis = set(self.of_type("AWS::ApiGatewayV2::Api"))
            if not any("${" + a + "}" in text(origin.get("DomainName")) for a in apis):
                self.fail(f"{where}: /api/* must go to the HTTP API's domain")
            if b.get("CachePolicyId") != MANAGED_CACHING_DISABLED:
                self.fail(f"{where}: /api/* must not be cached (Managed-CachingDisabled)")
            if b.get("OriginRequestPolicyId") != MANAGED_ALL_VIEWER_EXCEPT_HOST:
                self.fail(f"{where}: /api/* must forward all viewer headers except Host, Authorization included (Managed-AllViewerExceptHostHeader)")
            if set(b.get("AllowedMethods", [])) != {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}:
                self.fail(f"{where}: /api/* must allow every method")
            headers = {h.get("HeaderName", "").lower(): text(h.get("HeaderValue")) for h in origin.get("OriginCustomHeaders") or []}
            if headers.get(ORIGIN_HEADER) != ORIGIN_SECRET_REFERENCE:
                self.fail(f"{where}: the API origin must add {ORIGIN_HEADER} with {ORIGIN_SECRET_REFERENCE} "
                          f"(the functions refuse requests without it)")
        policies = self.of_type("AWS::CloudFront::ResponseHeadersPolicy")
        for pid, policy in policies.items():
            headers = policy["Properties"]["ResponseHeadersPolicyConfig"].get("SecurityHeadersConfig") or {}
            csp = text((headers.get("ContentSecurityPolicy") or {}).get("ContentSecurityPolicy"))
            for directive in CSP_DIRECTIVES:
                if directive not in csp:
                    self.fail(f"response headers policy {pid}: CSP lacks {directive!r}")
            if "PortalOrigins" not in csp:
                self.fail(f"response headers policy {pid}: frame-ancestors must come from the PortalOrigins parameter")
            for h in ("StrictTransportSecurity", "ContentTypeOptions", "ReferrerPolicy"):
                if h not in headers:
                    self.fail(f"response headers policy {pid}: {h} missing")
        if not policies:
            self.fail("no CloudFront response headers policy (security headers)")
        site_policies = [r for r in self.of_type("AWS::S3::BucketPolicy").values() if ref_target(r["Properties"].get("Bucket")) == site_bucket]
        if not any("cloudfront.amazonaws.com" in json.dumps(p) and "AWS:SourceArn" in json.dumps(p) for p in site_policies):
            self.fail(f"site bucket {site_bucket}: its policy must let only this distribution read it (OAC, AWS:SourceArn)")

    def check_schedule(self) -> None:
        close = self.functions.get("close-rounds")
        rules = [r for r in self.of_type("AWS::Events::Rule").values()
                 if any(ref_target(t.get("Arn")) == close for t in r["Properties"].get("Targets", []))]
        if not close or not rules:
            self.fail("the round-closing job needs an EventBridge schedule targeting close-rounds")
        elif not any(r["Properties"].get("ScheduleExpression") == "rate(1 minute)" for r in rules):
            self.fail("the round-closing schedule must be rate(1 minute)")

    def check_alarms(self) -> None:
        alarms = list(self.of_type("AWS::CloudWatch::Alarm").values())
        def watched(namespace: str, metric: str) -> set[str]:
            out = set()
            for a in alarms:
                p = a["Properties"]
                if p.get("Namespace") == namespace and p.get("MetricName") == metric:
                    for d in p.get("Dimensions", []):
                        out.add(ref_target(d.get("Value")) or str(d.get("Value")))
            return out
        for metric in ("Errors", "Throttles"):
            seen = watched("AWS/Lambda", metric)
            for fn, logical in self.functions.items():
                if logical not in seen:
                    self.fail(f"function {fn}: no CloudWatch alarm on {metric}")
        if not watched("AWS/ApiGateway", "5xx") & set(self.of_type("AWS::ApiGatewayV2::Api")):
            self.fail("no CloudWatch alarm on the API's 5xx")

    def check_log_groups(self) -> None:
        for logical, res in self.of_type("AWS::Logs::LogGroup").items():
            if "RetentionInDays" not in (res.get("Properties") or {}):
                self.fail(f"log group {logical}: RetentionInDays must be set")

    def check_outputs(self) -> None:
        outputs = self.cfn.get("Outputs") or {}
        for name in REQUIRED_OUTPUTS:
            if name not in outputs:
                self.fail(f"stack output {name} is missing")


# ------------------------------------------------------------------- moto


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dummy_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("bootstrap", "#!/bin/sh\n")
    return buffer.getvalue()


def moto_stack(manifest: dict, cfn: dict) -> tuple[list[str], dict]:
    """Creates the translated stack on a fresh moto server; checks what moto models."""
    import boto3
    from moto.server import ThreadedMotoServer

    import logging
    import warnings

    warnings.filterwarnings("ignore", module="moto")
    logging.getLogger("moto").setLevel(logging.ERROR)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    problems: list[str] = []
    stats = {"resources": 0, "skipped": []}
    # Outputs may name resources moto does not model (CloudFront, the HTTP API).
    cfn = {k: v for k, v in cfn.items() if k != "Outputs"}
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    say(f"==> moto on 127.0.0.1:{port}: create the translated stack")
    try:
        kw = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name=REGION,
                  aws_access_key_id="testing", aws_secret_access_key="testing")
        s3 = boto3.client("s3", **kw)
        s3.create_bucket(Bucket=ARTIFACT_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        for name, res in cfn["Resources"].items():
            if res["Type"] == "AWS::Lambda::Function":
                s3.put_object(Bucket=ARTIFACT_BUCKET, Key=f"{name}.zip", Body=dummy_zip())
        cf = boto3.client("cloudformation", **kw)
        stack = "infra-check"
        # As scripts/deploy.sh does before the first deployment: the template
        # resolves the public key from here.
        ssm = boto3.client("ssm", **kw)
        for role in ROLES:
            ssm.put_parameter(
                Name=f"/{stack}/jwt/{role}/public-key", Type="String",
                Value="-----BEGIN PUBLIC KEY-----\ninfra-check\n-----END PUBLIC KEY-----\n")
        ssm.put_parameter(Name=f"/{stack}/origin-secret", Type="String", Value="infra-check-origin-secret")
        cf.create_stack(StackName=stack, TemplateBody=json.dumps(cfn), Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"])
        status = cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        if status != "CREATE_COMPLETE":
            events = cf.describe_stack_events(StackName=stack)["StackEvents"]
            reasons = [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason')}" for e in events if "FAILED" in e["ResourceStatus"]]
            return [f"moto: stack creation ended in {status}: {reasons}"], stats
        summaries = cf.list_stack_resources(StackName=stack)["StackResourceSummaries"]
        physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in summaries if r["LogicalResourceId"] in cfn["Resources"]}
        stats["resources"] = len(physical)
        stats["skipped"] = sorted({v["Type"] for k, v in cfn["Resources"].items() if k not in physical and "Condition" not in v})
        for must in ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::IAM::Role"):
            if must in stats["skipped"]:
                problems.append(f"moto: did not create the {must} resources")

        # the table, as DynamoDB reports it (moto models keys, indexes, billing
        # and deletion protection; its CloudFormation drops SSESpecification)
        ddb = boto3.client("dynamodb", **kw)
        tables = [k for k, v in cfn["Resources"].items() if v["Type"] == "AWS::DynamoDB::Table"]
        want = manifest["table"]
        table_arn = None
        for logical in tables:
            t = ddb.describe_table(TableName=physical[logical])["Table"]
            table_arn = t["TableArn"]
            keys = {k["KeyType"]: k["AttributeName"] for k in t["KeySchema"]}
            if keys != {"HASH": want["partition_key"], "RANGE": want["sort_key"]}:
                problems.append(f"moto: table keys {keys} differ from the code's")
            types = {a["AttributeName"]: a["AttributeType"] for a in t["AttributeDefinitions"]}
            if any(v != "S" for v in types.values()):
                problems.append(f"moto: non-string key attributes {types}")
            got = {g["IndexName"]: g for g in t.get("GlobalSecondaryIndexes", [])}
            if set(got) != {i["name"] for i in want["global_indexes"]}:
                problems.append(f"moto: indexes {sorted(got)} differ from the code's {[i['name'] for i in want['global_indexes']]}")
            for i in want["global_indexes"]:
                g = got.get(i["name"])
                if not g:
                    continue
                gkeys = {k["KeyType"]: k["AttributeName"] for k in g["KeySchema"]}
                if gkeys.get("HASH") != i["partition_key"] or gkeys.get("RANGE") != i["sort_key"]:
                    problems.append(f"moto: index {i['name']} keys {gkeys} differ from the code's")
                if g["Projection"]["ProjectionType"] != i["projection"]:
                    problems.append(f"moto: index {i['name']} projection {g['Projection']['ProjectionType']} differs from the code's")
                if sorted(g["Projection"].get("NonKeyAttributes", [])) != sorted(i["non_key_attributes"]):
                    problems.append(f"moto: index {i['name']} projected attributes differ from the code's")
            if t.get("DeletionProtectionEnabled") is not True:
                problems.append("moto: table deletion protection is off")
            if (t.get("BillingModeSummary") or {}).get("BillingMode") != "PAY_PER_REQUEST":
                problems.append(f"moto: table billing is {t.get('BillingModeSummary')}, not on-demand")

        # the buckets (moto's CloudFormation models a bucket's encryption and
        # tags only; public access blocks, versioning and lifecycle rules were
        # checked in the template)
        for logical, res in cfn["Resources"].items():
            if res["Type"] != "AWS::S3::Bucket":
                continue
            name = physical[logical]
            s3.head_bucket(Bucket=name)
            rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
            if not rules:
                problems.append(f"moto: bucket {logical} is not encrypted")

        # the functions and their roles
        lam = boto3.client("lambda", **kw)
        iam = boto3.client("iam", **kw)
        for logical, res in cfn["Resources"].items():
            if res["Type"] != "AWS::Lambda::Function":
                continue
            # moto's CloudFormation passes Runtime, Handler, MemorySize, Timeout
            # and Environment through; Architectures and tracing were checked
            # in the template.
            conf = lam.get_function_configuration(FunctionName=physical[logical])
            want = res["Properties"]
            got = {k: conf.get(k) for k in ("Runtime", "Handler", "MemorySize", "Timeout")}
            if got != {k: want.get(k) for k in got}:
                problems.append(f"moto: function {logical} is {got}")
            env = (conf.get("Environment") or {}).get("Variables") or {}
            table_physical = physical.get(tables[0]) if tables else None
            if env.get("TABLE_NAME") != table_physical:
                problems.append(f"moto: function {logical} TABLE_NAME={env.get('TABLE_NAME')!r}, table is {table_physical!r}")
            role_logical = ref_target(res["Properties"]["Role"])
            role_name = conf["Role"].rsplit("/", 1)[-1]
            role = iam.get_role(RoleName=role_name)["Role"]
            if role["Arn"] != conf["Role"]:
                problems.append(f"moto: function {logical} role {conf['Role']} not found")
            names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
            if not names:
                problems.append(f"moto: role {role_logical} has no inline policy")
            for pname in names:
                doc = iam.get_role_policy(RoleName=role_name, PolicyName=pname)["PolicyDocument"]
                if isinstance(doc, str):  # moto keeps a CloudFormation-made document as a Python repr
                    import ast

                    try:
                        doc = json.loads(doc)
                    except ValueError:
                        doc = ast.literal_eval(doc)
                for st in as_list(doc.get("Statement")):
                    acts = as_list(st.get("Action"))
                    if any(a == "*" or a.endswith(":*") for a in acts):
                        problems.append(f"moto: role {role_logical} grants wildcard actions {acts}")
                    if "*" in as_list(st.get("Resource")) and not all(a in UNSCOPED_ACTIONS for a in acts):
                        problems.append(f"moto: role {role_logical} grants {acts} on '*'")
                    if any(a.startswith("dynamodb:") for a in acts):
                        for resource in as_list(st.get("Resource")):
                            if resource not in (table_arn, f"{table_arn}/index/*"):
                                problems.append(f"moto: role {role_logical} grants {acts} on {resource}, not the table {table_arn}")
            if iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]:
                problems.append(f"moto: role {role_logical} has managed policies attached")

        cf.delete_stack(StackName=stack)
        say("==> moto: stack deleted")
    finally:
        server.stop()
    return problems, stats


# ----------------------------------------------------------------- driver


def run_cfn_lint(template: Path) -> list[str]:
    say(f"==> cfn-lint {template.relative_to(ROOT) if template.is_relative_to(ROOT) else template}")
    exe = Path(sys.executable).parent / "cfn-lint"
    proc = subprocess.run([str(exe), "--regions", REGION, "--", str(template)], capture_output=True, text=True)
    if proc.returncode != 0:
        return [f"cfn-lint: {line}" for line in (proc.stdout + proc.stderr).strip().splitlines()]
    return []


def check(manifest: dict, source: dict, binaries: set[str] | None) -> tuple[list[str], Checker]:
    cfn = translate(source)
    checker = Checker(manifest, source, cfn, binaries)
    return checker.run(), checker


def self_test(manifest: dict, source: dict, binaries: set[str] | None) -> int:
    """The checks must bite: each mutation must produce the expected failure."""
    problems, _ = check(manifest, source, binaries)
    if problems:
        say("self-test: the unmodified template must pass first:")
        for p in problems:
            say(f"  - {p}")
        return 1

    def widen(template: dict, action=None, resource=None) -> dict:
        t = copy.deepcopy(template)
        statements = t["Resources"]["RegistrationRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        table = next(s for s in statements if s.get("Sid") == "Table")
        if action:
            table["Action"] = action
        if resource:
            table["Resource"] = resource
        return t

    route_added = copy.deepcopy(manifest)
    route_added["functions"]["ranking"]["routes"].append({"method": "GET", "path": "/api/contests/{cid}/self-test-route"})
    gsi_changed = copy.deepcopy(manifest)
    gsi_changed["table"]["global_indexes"][0]["projection"] = "KEYS_ONLY"
    private_to_submit = copy.deepcopy(source)
    private_to_submit["Resources"]["SubmitRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].append(
        {"Sid": "TokenKeys", "Effect": "Allow", "Action": ["ssm:GetParameter"],
         "Resource": [{"Fn::Sub": private_key_arn("participant")}]})
    participant_key_to_organizer = copy.deepcopy(source)
    participant_key_to_organizer["Resources"]["OrganizerRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].append(
        {"Sid": "OtherKey", "Effect": "Allow", "Action": ["ssm:GetParameter"],
         "Resource": [{"Fn::Sub": private_key_arn("participant")}]})
    organizer_key_to_registration = copy.deepcopy(source)
    organizer_key_to_registration["Resources"]["RegistrationFunction"]["Properties"]["Environment"]["Variables"][
        "JWT_ORGANIZER_PUBLIC_KEY"] = {"Fn::Sub": public_key_reference("organizer")}
    key_to_job = copy.deepcopy(source)
    key_to_job["Resources"]["CloseRoundsFunction"]["Properties"]["Environment"] = {
        "Variables": {"JWT_PARTICIPANT_PUBLIC_KEY": {"Fn::Sub": public_key_reference("participant")}}}
    no_leading_keys = copy.deepcopy(source)
    for st in no_leading_keys["Resources"]["SubmitRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]:
        st.pop("Condition", None)
    no_origin_header = copy.deepcopy(source)
    for origin in no_origin_header["Resources"]["SiteDistribution"]["Properties"]["DistributionConfig"]["Origins"]:
        origin.pop("OriginCustomHeaders", None)
    no_origin_secret = copy.deepcopy(source)
    no_origin_secret["Resources"]["SubmitFunction"]["Properties"]["Environment"]["Variables"].pop("ORIGIN_SECRET")
    exports_kept_longer = copy.deepcopy(source)
    exports_kept_longer["Parameters"]["ExportRetentionDays"]["Default"] = 3650
    cases = [
        ("a route added to the code, not to the template", route_added, source, "self-test-route"),
        ("a policy widened to Resource '*'", manifest, widen(source, resource="*"), "wildcard resource"),
        ("a policy widened to Action 'dynamodb:*'", manifest, widen(source, action="dynamodb:*"), "wildcard action"),
        ("an index projection changed in the code", gsi_changed, source, "projection"),
        ("the private key readable by a function that does not sign", manifest, private_to_submit, "private signing key"),
        ("the participant private key readable by the organizer function", manifest, participant_key_to_organizer,
         "participant private signing key"),
        ("the organizer public key given to a participant function", manifest, organizer_key_to_registration,
         "does not check organizer tokens"),
        ("a token key given to the closing job", manifest, key_to_job, "answers no requests"),
        ("table writes without their LeadingKeys condition", manifest, no_leading_keys, "without a dynamodb:LeadingKeys"),
        ("CloudFront without the origin header", manifest, no_origin_header, "x-origin-verify"),
        ("a function without the origin secret", manifest, no_origin_secret, "ORIGIN_SECRET must be"),
        ("exports kept longer than personal data may be", manifest, exports_kept_longer, "lifecycle rule must expire exports"),
    ]
    failed = 0
    for title, m, t, expected in cases:
        problems, _ = check(m, t, binaries)
        bites = any(expected in p for p in problems)
        say(f"self-test: {title}: {'fails as it must' if bites else 'NOT DETECTED'}")
        for p in problems:
            say(f"    {p}")
        failed += not bites
    say(f"self-test: {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", default=str(DEFAULT_TEMPLATE))
    parser.add_argument("--manifest", help="route manifest JSON (default: build and run route_manifest)")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--skip-lint", action="store_true")
    parser.add_argument("--skip-moto", action="store_true")
    parser.add_argument("--write-translated", metavar="FILE", help="also write the translated CloudFormation JSON")
    args = parser.parse_args()

    template_path = Path(args.template).resolve()
    manifest = load_manifest(args.manifest)
    binaries = cargo_binaries()
    source = load_template(template_path)

    if args.self_test:
        return self_test(manifest, source, binaries)

    problems: list[str] = []
    if not args.skip_lint:
        problems += run_cfn_lint(template_path)
    say("==> aws-sam-translator: SAM -> CloudFormation, then compare with the code")
    try:
        found, checker = check(manifest, source, binaries)
    except Exception as err:  # the translator's own validation errors
        say(f"FAIL: the SAM template does not translate: {err}")
        return 1
    problems += found
    if args.write_translated:
        Path(args.write_translated).write_text(json.dumps(checker.cfn, indent=1))
    moto_stats = {"resources": 0}
    if not args.skip_moto and not found:
        moto_problems, moto_stats = moto_stack(manifest, checker.cfn)
        problems += moto_problems

    if problems:
        shown = template_path.relative_to(ROOT) if template_path.is_relative_to(ROOT) else template_path
        say(f"FAIL: {shown} does not match the code ({len(problems)} problems):")
        for p in problems:
            say(f"  - {p}")
        return 1
    s = checker.stats
    say(f"  private keys: participant readable by {s.get('private_keys', {}).get('participant')}, "
        f"organizer by {s.get('private_keys', {}).get('organizer')} (disjoint); CloudFront adds {ORIGIN_HEADER}; "
        f"table writes narrowed by dynamodb:LeadingKeys where the code declares them")
    say(
        f"infra-check OK: {s['routes']} routes matched, {s['functions']} functions checked, "
        f"{s['statements']} IAM statements checked (no wildcards), table + {s['indexes']} indexes equal the code's, "
        f"{s['buckets']} buckets private and encrypted"
        + ("" if args.skip_moto else f", {moto_stats['resources']} resources created and deleted on moto")
    )
    if moto_stats.get("skipped"):
        say(f"  (moto does not model {', '.join(t.split('::', 1)[1] for t in moto_stats['skipped'])}: those were checked in the template only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
