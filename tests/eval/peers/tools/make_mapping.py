#!/usr/bin/env python3
"""Write mapping.json: each Presidio entity and gitleaks rule id found in the extracted
data -> Airlock evaluation type (or null: left out of scoring).  The mapping is curated
by hand here; vendor-specific secret rules without a dedicated type map to
`<vendor>_token`.  Run after extract.py (reads stats.json for the id lists)."""
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

PRESIDIO = {
    "CREDIT_CARD": "credit_card",
    "IBAN_CODE": "iban",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone_number",
    "IP_ADDRESS": "ip_address",
    "US_SSN": "us_ssn",
    "US_PASSPORT": "us_passport",
    "US_DRIVER_LICENSE": "us_drivers_license",
    "UK_NINO": "uk_nino",
    "US_NPI": "npi",
    "ES_NIF": "es_dni",
    "PL_PESEL": "pl_pesel",
    "IN_AADHAAR": "in_aadhaar",
    "SG_NRIC_FIN": "sg_nric",
    "AU_TFN": "au_tfn",
    "IT_FISCAL_CODE": "it_fiscal_code",
    "FI_PERSONAL_IDENTITY_CODE": "fi_hetu",
    "CA_SIN": "ca_sin",
}
PRESIDIO_NULL_NOTES = {
    "DATE_TIME": "generic dates/times, not dates of birth",
    "MEDICAL_LICENSE": "DEA/medical licence certificate numbers, not MRNs",
    "TR_PHONE_NUMBER": "country-restricted phone recognizer: its negatives include numbers that are valid phone numbers elsewhere",
    "PH_MOBILE_NUMBER": "country-restricted phone recognizer: its negatives include e.g. '917 123 4567', a valid US-format number",
    "ES_NIE": "foreigner identity number; not the DNI",
}

# gitleaks rule ids with a dedicated evaluation type
GITLEAKS = {
    "aws-access-token": "aws_access_key_id",
    "anthropic-api-key": "anthropic_api_key",
    "anthropic-admin-api-key": "anthropic_api_key",
    "openai-api-key": "openai_api_key",
    "gcp-api-key": "google_api_key",
    "stripe-access-token": "stripe_key",
    "jwt": "jwt",
    "jwt-base64": "jwt",
    "private-key": "private_key",
    "age-secret-key": "private_key",
    "npm-access-token": "npm_token",
    "pypi-upload-token": "pypi_token",
    "sendgrid-api-token": "sendgrid_api_key",
    "twilio-api-key": "twilio_api_key",
    "huggingface-access-token": "huggingface_token",
    "huggingface-organization-api-token": "huggingface_token",
    "azure-ad-client-secret": "azure_key",
    "generic-api-key": "generic_secret",
    "curl-auth-header": "generic_secret",
    "kubernetes-secret-yaml": "generic_secret",
    "curl-auth-user": "password",
    "hashicorp-tf-password": "password",
    "nuget-config-password": "password",
    "slack-webhook-url": "slack_token",
}
# identifiers / public values / markers: not secrets by themselves
GITLEAKS_NULL_NOTES = {
    "adobe-client-id": "client identifier, not a secret",
    "asana-client-id": "client identifier, not a secret",
    "bitbucket-client-id": "client identifier, not a secret",
    "discord-client-id": "client identifier, not a secret",
    "linkedin-client-id": "client identifier, not a secret",
    "looker-client-id": "client identifier, not a secret",
    "plaid-client-id": "client identifier, not a secret",
    "messagebird-client-id": "client identifier, not a secret",
    "sendbird-access-id": "application identifier, not a secret",
    "sumologic-access-id": "access id (the key half is sumologic-access-token)",
    "new-relic-user-api-id": "account identifier, not a secret",
    "alibaba-access-key-id": "access key id (identifier half of an Alibaba key pair; no Airlock type)",
    "flutterwave-public-key": "public key by design",
    "lob-pub-api-key": "publishable key by design",
    "mailgun-pub-key": "public validation key by design",
    "gcp-service-account": "cases are the marker '\"type\": \"service_account\"' only, no secret material",
    "pkcs12-file": "path-only rule (file name), no content",
}
# vendor name used in <vendor>_token for multi-word / odd prefixes
VENDOR = {
    "1password": "onepassword",
    "aws-amazon-bedrock": "aws_bedrock",
    "cisco-meraki": "cisco_meraki",
    "clickhouse-cloud": "clickhouse",
    "defined-networking": "defined_networking",
    "new-relic": "new_relic",
    "microsoft-teams": "microsoft_teams",
    "octopus-deploy": "octopus_deploy",
    "hashicorp-tf": "terraform_cloud",
    "yandex": "yandex",
}


def vendor_of(rule):
    for prefix, v in sorted(VENDOR.items(), key=lambda kv: -len(kv[0])):
        if rule.startswith(prefix + "-"):
            return v
    return rule.split("-")[0].replace(".", "_")


def main():
    stats = json.load(open(os.path.join(HERE, "stats.json"), encoding="utf-8"))
    pents = sorted(stats["presidio_counts"])
    rules = sorted(stats["gitleaks_rules"])
    pm, pnotes = {}, {}
    for e in pents:
        pm[e] = PRESIDIO.get(e)
        if pm[e] is None:
            pnotes[e] = PRESIDIO_NULL_NOTES.get(e, "no Airlock evaluation type")
    gm, gnotes, vendors = {}, {}, set()
    for r in rules:
        if r in GITLEAKS:
            gm[r] = GITLEAKS[r]
        elif r in GITLEAKS_NULL_NOTES:
            gm[r] = None
            gnotes[r] = GITLEAKS_NULL_NOTES[r]
        else:
            v = vendor_of(r)
            if v in ("github", "gitlab", "slack"):
                gm[r] = v + "_token"
            else:
                gm[r] = v + "_token"
                vendors.add(gm[r])
    out = {
        "presidio": pm,
        "gitleaks": gm,
        "vendor_token_types": sorted(vendors),
        "null_reasons": {"presidio": pnotes, "gitleaks": gnotes},
    }
    with open(os.path.join(HERE, "mapping.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
