//! The board: every municipality with its stage, folded from the whole log. The first read
//! model; the GraphQL projections build on the same fold.

use crate::codec::decode;
use lotse_domain::municipality::{self, Municipality, MunicipalityEvent};
use lotse_domain::programme::{Programme, ProgrammeEvent};
use lotse_domain::tenant::{Tenant, TenantEvent};
use lotse_domain::values::Stage;
use lotse_eventstore::{Position, RecordedEvent, Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// One tenant's programmes and municipalities.
#[derive(Debug, Default, Clone)]
pub struct TenantBoard {
    pub tenant: Tenant,
    pub programmes: BTreeMap<String, Programme>,
    pub municipalities: BTreeMap<String, Municipality>,
}

impl TenantBoard {
    /// How many municipalities stand in each stage (every stage listed, zeros included).
    pub fn stage_counts(&self) -> BTreeMap<Stage, usize> {
        let mut counts: BTreeMap<Stage, usize> = Stage::ALL.iter().map(|s| (*s, 0)).collect();
        for m in self.municipalities.values() {
            *counts.entry(m.stage()).or_default() += 1;
        }
        counts
    }
}

/// The board of every tenant, and how far into the log it has read.
#[derive(Debug, Default, Clone)]
pub struct Board {
    pub tenants: HashMap<Uuid, TenantBoard>,
    pub position: Position,
    pub events: u64,
}

impl Board {
    /// Folds the whole log.
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let mut board = Board::default();
        board.catch_up(store).await?;
        Ok(board)
    }

    /// Reads and folds everything after the current position.
    pub async fn catch_up(&mut self, store: &Store) -> Result<(), StoreError> {
        loop {
            let batch = store.read_all(self.position, 1000).await?;
            if batch.is_empty() {
                return Ok(());
            }
            for e in &batch {
                self.apply(e);
            }
        }
    }

    /// Folds one event.
    pub fn apply(&mut self, e: &RecordedEvent) {
        self.position = e.position;
        self.events += 1;
        let t = self.tenants.entry(e.tenant).or_default();
        if e.stream.starts_with("municipality-") {
            if let Ok(event) = decode::<MunicipalityEvent>(e) {
                let mut state = t.municipalities.remove(&e.stream);
                municipality::evolve(&mut state, &event);
                if let Some(state) = state {
                    t.municipalities.insert(e.stream.clone(), state);
                }
            }
        } else if e.stream.starts_with("programme-") {
            if let Ok(event) = decode::<ProgrammeEvent>(e) {
                t.programmes
                    .entry(e.stream.clone())
                    .or_default()
                    .apply(&event);
            }
        } else if e.stream.starts_with("tenant-")
            && let Ok(event) = decode::<TenantEvent>(e)
        {
            t.tenant.apply(&event);
        }
    }
}
