#!/usr/bin/env bash
# Regenerates the real Terraform plan fixtures under __tests__/fixtures/plans/ from `terraform_data`
# resources (built into Terraform, so no provider download and no credentials). Needs terraform >= 1.7
# (removed blocks); TERRAFORM_BINARY_NAME picks another binary (e.g. tofu) as cdktf does.
#
#   stage 1: apply the "before" config (local state), twice so the second plan shows no changes
#   stage 2: plan the "after" config against that state: create, update, replace (default and
#            create_before_destroy), delete, moved, removed (forget), sensitive variable + input
#
# Outputs (committed; tests read them, CI does not need terraform):
#   tf-create.json   plan of stage 1 from an empty state (every action "create")
#   tf-noop.json     plan of stage 1 against its own applied state (every action "no-op")
#   tf-changes.json  plan of stage 2 against stage 1's state
# The planted sensitive values below must never appear in any plan-report output (tests assert it).
set -euo pipefail
cd "$(dirname "$0")/.."
TF="${TERRAFORM_BINARY_NAME:-terraform}"
OUT="__tests__/fixtures/plans"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1
PLANTED_VAR="golive-planted-var-5e1c0a"        # value of a variable marked sensitive
PLANTED_INPUT="golive-planted-input-9b7d42"    # sensitive() value inside terraform_data input

write_before() {
  cat >"$WORK/main.tf" <<'EOF'
variable "db_password" {
  type      = string
  sensitive = true
}
variable "release" {
  type    = string
  default = "v1"
}
resource "terraform_data" "update_me" {
  input = { release = var.release, replicas = 2 }
}
resource "terraform_data" "replace_default" {
  input            = "blue"
  triggers_replace = ["blue"]
}
resource "terraform_data" "replace_cbd" {
  input            = "green"
  triggers_replace = ["green"]
  lifecycle {
    create_before_destroy = true
  }
}
resource "terraform_data" "delete_me" {
  input = "doomed"
}
resource "terraform_data" "old_name" {
  input = "moving"
}
resource "terraform_data" "forget_me" {
  input = "forgotten"
}
resource "terraform_data" "secret_holder" {
  input = { user = "app", password = var.db_password }
}
output "release" {
  value = var.release
}
output "db_password" {
  value     = var.db_password
  sensitive = true
}
EOF
}

write_after() {
  cat >"$WORK/main.tf" <<EOF
variable "db_password" {
  type      = string
  sensitive = true
}
variable "release" {
  type    = string
  default = "v2"
}
resource "terraform_data" "create_me" {
  input = "fresh"
}
resource "terraform_data" "update_me" {
  input = { release = var.release, replicas = 3 }
}
resource "terraform_data" "replace_default" {
  input            = "blue"
  triggers_replace = ["blue-2"]
}
resource "terraform_data" "replace_cbd" {
  input            = "green"
  triggers_replace = ["green-2"]
  lifecycle {
    create_before_destroy = true
  }
}
moved {
  from = terraform_data.old_name
  to   = terraform_data.new_name
}
resource "terraform_data" "new_name" {
  input = "moving"
}
removed {
  from = terraform_data.forget_me
  lifecycle {
    destroy = false
  }
}
resource "terraform_data" "secret_holder" {
  input = { user = "app", password = var.db_password, token = sensitive("$PLANTED_INPUT") }
}
output "release" {
  value = var.release
}
output "db_password" {
  value     = var.db_password
  sensitive = true
}
output "new_output" {
  value = terraform_data.create_me.output
}
EOF
}

show() { # plan file -> pretty JSON at $OUT/$2 (jq-free: node is always there for this repo)
  (cd "$WORK" && "$TF" show -json "$1") | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(s),null,1)+"\n"))' >"$OUT/$2.tmp"
  mv "$OUT/$2.tmp" "$OUT/$2"
}

mkdir -p "$OUT"
write_before
(cd "$WORK" && "$TF" init -input=false -no-color >/dev/null)
(cd "$WORK" && "$TF" plan -input=false -no-color -var "db_password=$PLANTED_VAR" -out=create.plan >/dev/null)
show create.plan tf-create.json
(cd "$WORK" && "$TF" apply -input=false -no-color -auto-approve create.plan >/dev/null)
(cd "$WORK" && "$TF" plan -input=false -no-color -var "db_password=$PLANTED_VAR" -out=noop.plan >/dev/null)
show noop.plan tf-noop.json
write_after
(cd "$WORK" && "$TF" plan -input=false -no-color -var "db_password=$PLANTED_VAR" -out=changes.plan >/dev/null)
show changes.plan tf-changes.json
echo "wrote $OUT/tf-create.json $OUT/tf-noop.json $OUT/tf-changes.json"
