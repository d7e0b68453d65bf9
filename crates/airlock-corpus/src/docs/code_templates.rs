//! Source-code templates (Rust, Python, JavaScript, Go, SQL). Identifiers come from `«slot»`s
//! (`«Noun»`, `«nouns»`, `«field»`, `«verbCamel»`, …) so every document reads differently;
//! `«secret…»` slots hold a planted secret or a placeholder such as `os.environ["API_KEY"]`.
//! Slots are filled by `super::code`.

/// Rust templates.
pub(crate) const RUST: &[&str] = &[
    r##"//! «Noun» cache for the «service».
//!
//! Maintainer: «author»

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A «noun» as stored in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct «Noun» {
    pub id: u64,
    pub «field»: String,
    pub version: u32,
}

/// In-memory cache of «nouns» with a time-to-live.
pub struct «Noun»Cache {
    entries: HashMap<u64, (Instant, «Noun»)>,
    ttl: Duration,
}

impl «Noun»Cache {
    pub fn new(ttl_secs: u64) -> Self {
        Self { entries: HashMap::new(), ttl: Duration::from_secs(ttl_secs) }
    }

    pub fn get(&self, id: u64) -> Option<&«Noun»> {
        self.entries
            .get(&id)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v)
    }

    pub fn insert(&mut self, value: «Noun») {
        self.entries.insert(value.id, (Instant::now(), value));
    }

    /// Drops expired entries; returns how many were removed.
    pub fn «verb»_expired(&mut self) -> usize {
        let before = self.entries.len();
        let ttl = self.ttl;
        self.entries.retain(|_, (at, _)| at.elapsed() < ttl);
        before - self.entries.len()
    }
}

fn upstream_client() -> reqwest::Client {
    «secret4»
    reqwest::Client::builder().timeout(Duration::from_secs(«n»)).build().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_entries_are_dropped() {
        let mut cache = «Noun»Cache::new(0);
        cache.insert(«Noun» { id: «n», «field»: "«uuid»".into(), version: 1 });
        assert_eq!(cache.«verb»_expired(), 1);
    }
}
"##,
    r##"use std::fs;
use std::path::PathBuf;

/// Command-line options for «verb»-«nouns».
struct Options {
    input: PathBuf,
    dry_run: bool,
    limit: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut opts = Options { input: PathBuf::from("«nouns».csv"), dry_run: false, limit: «n»00 };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dry-run" => opts.dry_run = true,
            "--limit" => {
                let v = args.next().ok_or("--limit needs a value")?;
                opts.limit = v.parse().map_err(|e| format!("bad --limit {v}: {e}"))?;
            }
            other => opts.input = PathBuf::from(other),
        }
    }
    Ok(opts)
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    «secret4»
    let text = match fs::read_to_string(&opts.input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", opts.input.display());
            std::process::exit(1);
        }
    };
    let mut count = 0;
    for line in text.lines().skip(1).take(opts.limit) {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() < 3 {
            continue;
        }
        count += 1;
        if !opts.dry_run {
            println!("{} -> {}", fields[0], fields[2]);
        }
    }
    // Checked against release «version» (commit «sha»).
    println!("{count} «nouns» processed");
}
"##,
];

/// Python templates.
pub(crate) const PYTHON: &[&str] = &[
    r##""""Client for the «service» «nouns» API.

Maintainer: «author»
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field

import requests

log = logging.getLogger(__name__)

BASE_URL = "https://api.«domain»/v2"
«secret»


@dataclass
class «Noun»:
    id: str
    «field»: str
    tags: list[str] = field(default_factory=list)


class «Noun»Client:
    def __init__(self, session: requests.Session | None = None, timeout: float = 10.0):
        self.session = session or requests.Session()
        self.timeout = timeout

    def «verb»_«nouns»(self, page_size: int = «n»0) -> list[«Noun»]:
        items, cursor = [], None
        while True:
            params = {"limit": page_size}
            if cursor:
                params["cursor"] = cursor
            resp = self.session.get(f"{BASE_URL}/«nouns»", params=params, timeout=self.timeout)
            if resp.status_code == 429:
                time.sleep(float(resp.headers.get("Retry-After", "1")))
                continue
            resp.raise_for_status()
            body = resp.json()
            items.extend(«Noun»(**row) for row in body["data"])
            cursor = body.get("next_cursor")
            if not cursor:
                return items


def main() -> None:
    client = «Noun»Client()
    rows = client.«verb»_«nouns»()
    log.info("fetched %d «nouns»", len(rows))
    print(json.dumps([r.__dict__ for r in rows], indent=2))


if __name__ == "__main__":
    main()
"##,
    r##"import hashlib
import uuid

import pytest
from flask import Flask, jsonify, request

app = Flask(__name__)
# Local dev only: alerts go to «local_address»
ADMIN_CONTACT = "«local_address»"


@app.route("/«nouns»/<«noun»_id>", methods=["GET"])
@login_required
def get_«noun»(«noun»_id: str):
    «noun» = «Noun».query.get_or_404(«noun»_id)
    return jsonify(id=«noun».id, «field»=«noun».«field»)


@app.post("/«nouns»")
def create_«noun»():
    payload = request.get_json(force=True)
    digest = hashlib.sha256(payload["«field»"].encode()).hexdigest()
    return jsonify(id=str(uuid.uuid4()), digest=digest), 201


def connect():
    «secret4»
    return psycopg.connect(host="db", dbname="«nouns»")


@pytest.fixture
def sample_«noun»():
    return {"id": "«uuid»", "«field»": "«hex»", "checksum": "«hex64»"}


def test_sample_is_stable(sample_«noun»):
    assert sample_«noun»["id"] == "«uuid»"
«example_key_test»"##,
];

/// JavaScript templates.
pub(crate) const JS: &[&str] = &[
    r##"// «service» — «nouns» routes
// @ts-check
import express from "express";
import crypto from "node:crypto";
import { z } from "zod";

«secret»

const router = express.Router();

const «Noun»Schema = z.object({
  id: z.string().uuid(),
  «fieldCamel»: z.string().min(1),
  version: z.number().int().nonnegative(),
});

router.get("/«nouns»/:id", async (req, res, next) => {
  try {
    const «noun» = await db.«nouns».findById(req.params.id);
    if (!«noun») return res.status(404).json({ error: "not found" });
    res.json(«noun»);
  } catch (err) {
    next(err);
  }
});

router.post("/«nouns»", async (req, res) => {
  const parsed = «Noun»Schema.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ errors: parsed.error.issues });
  }
  const etag = crypto.createHash("md5").update(JSON.stringify(parsed.data)).digest("hex");
  res.set("ETag", etag).status(201).json(parsed.data);
});

export async function «verbCamel»«Nouns»(ids) {
  const results = await Promise.allSettled(ids.map((id) => fetch(`/api/«nouns»/${id}`)));
  return results.filter((r) => r.status === "fulfilled").map((r) => r.value);
}

export default router;
"##,
    r##"import React, { useEffect, useState } from "react";
import { render, screen } from "@testing-library/react";

export function «Noun»List({ apiBase = "/api" }) {
  const [items, setItems] = useState([]);
  const [error, setError] = useState(null);

  useEffect(() => {
    let cancelled = false;
    fetch(`${apiBase}/«nouns»?limit=«n»`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((data) => !cancelled && setItems(data.items))
      .catch((e) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [apiBase]);

  if (error) return <p role="alert">{error}</p>;
  return (
    <ul>
      {items.map((it) => (
        <li key={it.id}>{it.«fieldCamel»}</li>
      ))}
    </ul>
  );
}

const fixture = { id: "«uuid»", «fieldCamel»: "«version»", build: "«sha»", data: "«blob»" };

test("renders «nouns»", async () => {
  «secret2»
  global.fetch = jest.fn().mockResolvedValue({ ok: true, json: async () => ({ items: [fixture] }) });
  render(<«Noun»List />);
  expect(await screen.findByText("«version»")).toBeInTheDocument();
});
"##,
];

/// Go templates.
pub(crate) const GO: &[&str] = &[
    r##"// Package «noun»sync keeps «nouns» in sync with the upstream «service».
package «noun»sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"
)

// «Noun» is a single record from the upstream API.
type «Noun» struct {
	ID        string    `json:"id"`
	«FieldCamel» string `json:"«field»"`
	UpdatedAt time.Time `json:"updated_at"`
}

var ErrNotFound = errors.New("«noun» not found")

// Client talks to the upstream.
type Client struct {
	http    *http.Client
	baseURL string
}

func NewClient() *Client {
	«secret_t»
	return &Client{http: &http.Client{Timeout: «n» * time.Second}, baseURL: os.Getenv("UPSTREAM_URL")}
}

func (c *Client) Get(ctx context.Context, id string) (*«Noun», error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/«nouns»/%s", c.baseURL, id), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("get «noun» %s: %w", id, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, ErrNotFound
	}
	var out «Noun»
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return &out, nil
}
"##,
    r##"package main

import (
	"log"
	"os"
	"sync"
	"time"
)

const buildCommit = "«sha»"
const buildVersion = "«version»"

func worker(id int, jobs <-chan string, results chan<- error, wg *sync.WaitGroup) {
	defer wg.Done()
	for job := range jobs {
		start := time.Now()
		err := «verbCamel»«Nouns»(job)
		log.Printf("worker=%d job=%s took=%s err=%v", id, job, time.Since(start), err)
		results <- err
	}
}

func «verbCamel»«Nouns»(job string) error {
	«secret_t»
	time.Sleep(time.Duration(len(job)) * time.Millisecond)
	return nil
}

func main() {
	log.Printf("starting %s (%s)", buildVersion, buildCommit)
	jobs := make(chan string, «n»)
	results := make(chan error, «n»)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(i, jobs, results, &wg)
	}
	for _, id := range []string{"«uuid»", "«uuid2»"} {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	close(results)
}
"##,
];

/// SQL templates.
pub(crate) const SQL: &[&str] = &[
    r##"-- Migration «version»: «nouns» table for «service»
-- Author: «author»
BEGIN;

CREATE TABLE IF NOT EXISTS «nouns» (
    id          BIGSERIAL PRIMARY KEY,
    external_id UUID        NOT NULL UNIQUE,
    «field»     TEXT        NOT NULL,
    owner_email TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_«nouns»_created_at ON «nouns» (created_at DESC);

INSERT INTO «nouns» (external_id, «field», owner_email) VALUES
    ('«uuid»', 'seed-1', '«email»'),
    ('«uuid2»', 'seed-2', NULL);

-- Backfill from the legacy table; rows without an owner are skipped.
UPDATE «nouns» n
SET    owner_email = l.email
FROM   legacy_«nouns» l
WHERE  l.id = n.id AND l.email IS NOT NULL;

COMMIT;
"##,
    r##"-- Monthly «noun» report (runs on the read replica)
WITH monthly AS (
    SELECT date_trunc('month', created_at) AS month,
           count(*)                        AS total,
           sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed
    FROM   «nouns»
    WHERE  created_at >= now() - interval '«n» months'
    GROUP  BY 1
)
SELECT month,
       total,
       failed,
       round(100.0 * failed / nullif(total, 0), 2) AS failure_rate
FROM   monthly
ORDER  BY month DESC;

-- Connection for the BI tool (read only):
-- «secret_sql»
"##,
];
