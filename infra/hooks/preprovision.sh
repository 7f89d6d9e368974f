#!/bin/sh
# azd preprovision hook: makes sure the azd environment holds a link-signing key and a staff key
# before `azd provision` stores them in Key Vault. Existing values are kept (links already mailed stay
# valid); only a missing value is generated: 32 random bytes, base64. The SendGrid key and sender are
# not generated: azd prompts for them when SENDGRID_API_KEY / SENDGRID_FROM_EMAIL are not set.
set -eu

ensure_random_key() {
  name="$1"
  current="$(azd env get-value "$name" 2>/dev/null || true)"
  case "$current" in
    "" | ERROR*)
      value="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
      azd env set "$name" "$value" >/dev/null
      echo "preprovision: generated $name (32 random bytes, base64)"
      ;;
    *)
      echo "preprovision: keeping the existing $name"
      ;;
  esac
}

ensure_random_key AMI_LINK_KEY_CURRENT
ensure_random_key AMI_STAFF_KEY
