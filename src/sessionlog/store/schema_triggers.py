"""Every trigger of the newest schema, as a freshly migrated file has it, for the
migrations listed: ``store.integrity.expected_triggers`` reads it instead of migrating
an empty database at every start (issue 12). Written by
``python -m sessionlog.store.schema_triggers``; do not edit by hand (a test compares
it with a fresh migration)."""

# ruff: noqa: E501

MIGRATIONS = (
    "m001_initial_schema",
    "m002_note_search",
    "m003_history_indexes",
    "m004_rounding_rules_as_data",
    "m005_session_timers",
    "m006_claims",
    "m008_tamper_evidence",
    "m009_performance_indexes",
    "m010_note_templates",
    "m011_billing_cache",
    "m012_kept_billing_lines",
    "m013_kept_report_texts",
)

TRIGGERS = {
    "addenda_fts_ad": (
        "CREATE TRIGGER addenda_fts_ad AFTER DELETE ON addenda BEGIN\n"
        "            INSERT INTO addenda_fts(addenda_fts, rowid, reason, text)\n"
        "            VALUES ('delete', old.rowid, old.reason, old.text);\n"
        "        END"
    ),
    "addenda_fts_ai": (
        "CREATE TRIGGER addenda_fts_ai AFTER INSERT ON addenda BEGIN\n"
        "            INSERT INTO addenda_fts(rowid, reason, text) VALUES (new.rowid, new.reason, new.text);\n"
        "        END"
    ),
    "addenda_no_delete": (
        "CREATE TRIGGER addenda_no_delete BEFORE DELETE ON addenda\n"
        "        BEGIN SELECT RAISE(ABORT, 'an addendum cannot be removed'); END"
    ),
    "addenda_no_update": (
        "CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda\n"
        "        BEGIN SELECT RAISE(ABORT, 'an addendum cannot be changed'); END"
    ),
    "audit_log_chained": (
        "CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log\n"
        "        WHEN NEW.sha256 IS NULL\n"
        "          OR NEW.previous_sha256 IS NOT\n"
        "             COALESCE((SELECT sha256 FROM audit_log ORDER BY id DESC LIMIT 1), '')\n"
        "          OR NEW.id IS NOT COALESCE((SELECT max(id) FROM audit_log), 0) + 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'audit rows are chained: only SessionLog writes them'); END"
    ),
    "audit_log_no_delete": (
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
        "        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
    "audit_log_no_update": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
        "        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
    "billing_kept_agency_delete": (
        "CREATE TRIGGER billing_kept_agency_delete AFTER DELETE ON agency BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_agency_insert": (
        "CREATE TRIGGER billing_kept_agency_insert AFTER INSERT ON agency BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_agency_update": (
        "CREATE TRIGGER billing_kept_agency_update AFTER UPDATE ON agency BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_authorizations_delete": (
        "CREATE TRIGGER billing_kept_authorizations_delete AFTER DELETE ON authorizations BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_authorizations_insert": (
        "CREATE TRIGGER billing_kept_authorizations_insert AFTER INSERT ON authorizations BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_authorizations_update": (
        "CREATE TRIGGER billing_kept_authorizations_update AFTER UPDATE ON authorizations BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_clients_delete": (
        "CREATE TRIGGER billing_kept_clients_delete AFTER DELETE ON clients BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_clients_insert": (
        "CREATE TRIGGER billing_kept_clients_insert AFTER INSERT ON clients BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_clients_update": (
        "CREATE TRIGGER billing_kept_clients_update AFTER UPDATE ON clients BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_goals_delete": (
        "CREATE TRIGGER billing_kept_goals_delete AFTER DELETE ON goals BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM plans WHERE id = OLD.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_goals_insert": (
        "CREATE TRIGGER billing_kept_goals_insert AFTER INSERT ON goals BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM plans WHERE id = NEW.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_goals_update": (
        "CREATE TRIGGER billing_kept_goals_update AFTER UPDATE ON goals BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM plans WHERE id = OLD.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM plans WHERE id = NEW.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_objectives_delete": (
        "CREATE TRIGGER billing_kept_objectives_delete AFTER DELETE ON objectives BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_objectives_insert": (
        "CREATE TRIGGER billing_kept_objectives_insert AFTER INSERT ON objectives BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_objectives_update": (
        "CREATE TRIGGER billing_kept_objectives_update AFTER UPDATE ON objectives BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_payers_delete": (
        "CREATE TRIGGER billing_kept_payers_delete AFTER DELETE ON payers BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_payers_insert": (
        "CREATE TRIGGER billing_kept_payers_insert AFTER INSERT ON payers BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_payers_update": (
        "CREATE TRIGGER billing_kept_payers_update AFTER UPDATE ON payers BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_plans_delete": (
        "CREATE TRIGGER billing_kept_plans_delete AFTER DELETE ON plans BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_plans_insert": (
        "CREATE TRIGGER billing_kept_plans_insert AFTER INSERT ON plans BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_plans_update": (
        "CREATE TRIGGER billing_kept_plans_update AFTER UPDATE ON plans BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_segments_delete": (
        "CREATE TRIGGER billing_kept_segments_delete AFTER DELETE ON segments BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND service_date >= coalesce(min((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc, '-1 day')), (SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc, '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc)), (SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc)), '-2 day') AND date(coalesce(max((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(coalesce(OLD.end_utc, OLD.start_utc))), (SELECT service_date FROM sessions WHERE id = OLD.session_id), date(coalesce(OLD.end_utc, OLD.start_utc))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_segments_insert": (
        "CREATE TRIGGER billing_kept_segments_insert AFTER INSERT ON segments BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= coalesce(min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day')), (SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc)), (SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc)), '-2 day') AND date(coalesce(max((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(coalesce(NEW.end_utc, NEW.start_utc))), (SELECT service_date FROM sessions WHERE id = NEW.session_id), date(coalesce(NEW.end_utc, NEW.start_utc))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_segments_update": (
        "CREATE TRIGGER billing_kept_segments_update AFTER UPDATE ON segments BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND service_date >= coalesce(min((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc, '-1 day')), (SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc, '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc)), (SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc)), '-2 day') AND date(coalesce(max((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(coalesce(OLD.end_utc, OLD.start_utc))), (SELECT service_date FROM sessions WHERE id = OLD.session_id), date(coalesce(OLD.end_utc, OLD.start_utc))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= coalesce(min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day')), (SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc)), (SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc)), '-2 day') AND date(coalesce(max((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(coalesce(NEW.end_utc, NEW.start_utc))), (SELECT service_date FROM sessions WHERE id = NEW.session_id), date(coalesce(NEW.end_utc, NEW.start_utc))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_session_delete": (
        "CREATE TRIGGER billing_kept_session_delete AFTER DELETE ON sessions BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.client_id AND service_date >= coalesce(min(OLD.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id)), '-1 day')), OLD.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id)), '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min(OLD.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id))), OLD.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id))), '-2 day') AND date(coalesce(max(OLD.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = OLD.id))), OLD.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = OLD.id))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_session_insert": (
        "CREATE TRIGGER billing_kept_session_insert AFTER INSERT ON sessions BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.client_id AND service_date >= coalesce(min(NEW.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id)), '-1 day')), NEW.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id)), '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min(NEW.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id))), NEW.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id))), '-2 day') AND date(coalesce(max(NEW.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = NEW.id))), NEW.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = NEW.id))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_session_objectives_delete": (
        "CREATE TRIGGER billing_kept_session_objectives_delete AFTER DELETE ON session_objectives BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = OLD.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = OLD.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = OLD.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_session_objectives_insert": (
        "CREATE TRIGGER billing_kept_session_objectives_insert AFTER INSERT ON session_objectives BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_session_objectives_update": (
        "CREATE TRIGGER billing_kept_session_objectives_update AFTER UPDATE ON session_objectives BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_session_update": (
        "CREATE TRIGGER billing_kept_session_update AFTER UPDATE OF client_id, staff_id, code, place_of_service, telehealth, audio_only, group_size, group_id, timezone, signed, first_start_utc, service_date ON sessions BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = OLD.client_id AND service_date >= coalesce(min(OLD.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id)), '-1 day')), OLD.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id)), '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min(OLD.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id))), OLD.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = OLD.id))), '-2 day') AND date(coalesce(max(OLD.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = OLD.id))), OLD.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = OLD.id))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = NEW.client_id AND service_date >= coalesce(min(NEW.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id)), '-1 day')), NEW.service_date, date(date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id)), '-1 day'));\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date(coalesce(min(NEW.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id))), NEW.service_date, date((SELECT min(start_utc) FROM segments WHERE session_id = NEW.id))), '-2 day') AND date(coalesce(max(NEW.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = NEW.id))), NEW.service_date, date((SELECT max(coalesce(end_utc, start_utc)) FROM segments WHERE session_id = NEW.id))), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_signatures_delete": (
        "CREATE TRIGGER billing_kept_signatures_delete AFTER DELETE ON signatures BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = OLD.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = OLD.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = OLD.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_signatures_insert": (
        "CREATE TRIGGER billing_kept_signatures_insert AFTER INSERT ON signatures BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_signatures_update": (
        "CREATE TRIGGER billing_kept_signatures_update AFTER UPDATE ON signatures BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_staff_delete": (
        "CREATE TRIGGER billing_kept_staff_delete AFTER DELETE ON staff BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_staff_insert": (
        "CREATE TRIGGER billing_kept_staff_insert AFTER INSERT ON staff BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_staff_update": (
        "CREATE TRIGGER billing_kept_staff_update AFTER UPDATE ON staff BEGIN\n"
        "            DELETE FROM billing_lines_kept;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_voided_sessions_delete": (
        "CREATE TRIGGER billing_kept_voided_sessions_delete AFTER DELETE ON voided_sessions BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = OLD.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = OLD.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = OLD.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_voided_sessions_insert": (
        "CREATE TRIGGER billing_kept_voided_sessions_insert AFTER INSERT ON voided_sessions BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_kept_voided_sessions_update": (
        "CREATE TRIGGER billing_kept_voided_sessions_update AFTER UPDATE ON voided_sessions BEGIN\n"
        "            DELETE FROM billing_lines_kept WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND service_date >= (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            DELETE FROM billing_lines_kept\n"
        "            WHERE service_date BETWEEN date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '-2 day') AND date((SELECT service_date FROM sessions WHERE id = NEW.session_id), '+2 day');\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_report_kept_forget": (
        "CREATE TRIGGER billing_report_kept_forget AFTER DELETE ON billing_lines_kept BEGIN\n"
        "            DELETE FROM billing_report_kept\n"
        "            WHERE client_id = OLD.client_id AND service_date = OLD.service_date;\n"
        "        END"
    ),
    "billing_stale_authorizations_delete": (
        "CREATE TRIGGER billing_stale_authorizations_delete AFTER DELETE ON authorizations BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = OLD.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_authorizations_insert": (
        "CREATE TRIGGER billing_stale_authorizations_insert AFTER INSERT ON authorizations BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = NEW.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_authorizations_update": (
        "CREATE TRIGGER billing_stale_authorizations_update AFTER UPDATE ON authorizations BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = OLD.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_cache WHERE client_id = NEW.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_client_update": (
        "CREATE TRIGGER billing_stale_client_update AFTER UPDATE OF payer_id, timezone ON clients BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = OLD.id;\n"
        "            DELETE FROM billing_draws WHERE client_id = OLD.id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_goals_delete": (
        "CREATE TRIGGER billing_stale_goals_delete AFTER DELETE ON goals BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT client_id FROM plans WHERE id = OLD.plan_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT client_id FROM plans WHERE id = OLD.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_goals_insert": (
        "CREATE TRIGGER billing_stale_goals_insert AFTER INSERT ON goals BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT client_id FROM plans WHERE id = NEW.plan_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT client_id FROM plans WHERE id = NEW.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_goals_update": (
        "CREATE TRIGGER billing_stale_goals_update AFTER UPDATE ON goals BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT client_id FROM plans WHERE id = OLD.plan_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT client_id FROM plans WHERE id = OLD.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT client_id FROM plans WHERE id = NEW.plan_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT client_id FROM plans WHERE id = NEW.plan_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_objectives_delete": (
        "CREATE TRIGGER billing_stale_objectives_delete AFTER DELETE ON objectives BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_objectives_insert": (
        "CREATE TRIGGER billing_stale_objectives_insert AFTER INSERT ON objectives BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_objectives_update": (
        "CREATE TRIGGER billing_stale_objectives_update AFTER UPDATE ON objectives BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = OLD.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_cache WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id);\n"
        "            DELETE FROM billing_draws WHERE client_id = (SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE g.id = NEW.goal_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_payers_delete": (
        "CREATE TRIGGER billing_stale_payers_delete AFTER DELETE ON payers BEGIN\n"
        "            DELETE FROM billing_cache;\n"
        "            DELETE FROM billing_draws;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_payers_update": (
        "CREATE TRIGGER billing_stale_payers_update AFTER UPDATE ON payers BEGIN\n"
        "            DELETE FROM billing_cache;\n"
        "            DELETE FROM billing_draws;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_plans_delete": (
        "CREATE TRIGGER billing_stale_plans_delete AFTER DELETE ON plans BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = OLD.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_plans_insert": (
        "CREATE TRIGGER billing_stale_plans_insert AFTER INSERT ON plans BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = NEW.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_plans_update": (
        "CREATE TRIGGER billing_stale_plans_update AFTER UPDATE ON plans BEGIN\n"
        "            DELETE FROM billing_cache WHERE client_id = OLD.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = OLD.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            DELETE FROM billing_cache WHERE client_id = NEW.client_id;\n"
        "            DELETE FROM billing_draws WHERE client_id = NEW.client_id;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_segments_delete": (
        "CREATE TRIGGER billing_stale_segments_delete AFTER DELETE ON segments BEGIN\n"
        "            UPDATE billing_cache SET valid_before = min((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc, '-1 day'))\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND valid_before > min((SELECT service_date FROM sessions WHERE id = OLD.session_id), date(OLD.start_utc, '-1 day'));\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_segments_insert": (
        "CREATE TRIGGER billing_stale_segments_insert AFTER INSERT ON segments BEGIN\n"
        "            UPDATE billing_cache SET valid_before = min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day'))\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND valid_before > min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day'));\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_segments_update": (
        "CREATE TRIGGER billing_stale_segments_update AFTER UPDATE ON segments BEGIN\n"
        "            UPDATE billing_cache SET valid_before = min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day'))\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND valid_before > min((SELECT service_date FROM sessions WHERE id = NEW.session_id), date(NEW.start_utc, '-1 day'));\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_session_delete": (
        "CREATE TRIGGER billing_stale_session_delete AFTER DELETE ON sessions BEGIN\n"
        "            UPDATE billing_cache SET valid_before = OLD.service_date\n"
        "            WHERE client_id = OLD.client_id AND valid_before > OLD.service_date;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_session_insert": (
        "CREATE TRIGGER billing_stale_session_insert AFTER INSERT ON sessions BEGIN\n"
        "            UPDATE billing_cache SET valid_before = NEW.service_date\n"
        "            WHERE client_id = NEW.client_id AND valid_before > NEW.service_date;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_session_objectives_delete": (
        "CREATE TRIGGER billing_stale_session_objectives_delete AFTER DELETE ON session_objectives BEGIN\n"
        "            UPDATE billing_cache SET valid_before = (SELECT service_date FROM sessions WHERE id = OLD.session_id)\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND valid_before > (SELECT service_date FROM sessions WHERE id = OLD.session_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_session_objectives_insert": (
        "CREATE TRIGGER billing_stale_session_objectives_insert AFTER INSERT ON session_objectives BEGIN\n"
        "            UPDATE billing_cache SET valid_before = (SELECT service_date FROM sessions WHERE id = NEW.session_id)\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND valid_before > (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_session_update": (
        "CREATE TRIGGER billing_stale_session_update AFTER UPDATE OF client_id, staff_id, code, place_of_service, telehealth, audio_only, group_size, group_id, timezone, signed, first_start_utc, service_date ON sessions BEGIN\n"
        "            UPDATE billing_cache SET valid_before = min(coalesce(OLD.service_date, NEW.service_date), coalesce(NEW.service_date, OLD.service_date))\n"
        "            WHERE client_id = OLD.client_id AND valid_before > min(coalesce(OLD.service_date, NEW.service_date), coalesce(NEW.service_date, OLD.service_date));\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "            UPDATE billing_cache SET valid_before = min(coalesce(OLD.service_date, NEW.service_date), coalesce(NEW.service_date, OLD.service_date))\n"
        "            WHERE client_id = NEW.client_id AND valid_before > min(coalesce(OLD.service_date, NEW.service_date), coalesce(NEW.service_date, OLD.service_date));\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_staff_delete": (
        "CREATE TRIGGER billing_stale_staff_delete AFTER DELETE ON staff BEGIN\n"
        "            DELETE FROM billing_cache;\n"
        "            DELETE FROM billing_draws;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_staff_update": (
        "CREATE TRIGGER billing_stale_staff_update AFTER UPDATE ON staff BEGIN\n"
        "            DELETE FROM billing_cache;\n"
        "            DELETE FROM billing_draws;\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_voided_sessions_delete": (
        "CREATE TRIGGER billing_stale_voided_sessions_delete AFTER DELETE ON voided_sessions BEGIN\n"
        "            UPDATE billing_cache SET valid_before = (SELECT service_date FROM sessions WHERE id = OLD.session_id)\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = OLD.session_id) AND valid_before > (SELECT service_date FROM sessions WHERE id = OLD.session_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "billing_stale_voided_sessions_insert": (
        "CREATE TRIGGER billing_stale_voided_sessions_insert AFTER INSERT ON voided_sessions BEGIN\n"
        "            UPDATE billing_cache SET valid_before = (SELECT service_date FROM sessions WHERE id = NEW.session_id)\n"
        "            WHERE client_id = (SELECT client_id FROM sessions WHERE id = NEW.session_id) AND valid_before > (SELECT service_date FROM sessions WHERE id = NEW.session_id);\n"
        "            UPDATE billing_cache_generation SET generation = generation + 1;\n"
        "        END"
    ),
    "cosignatures_no_delete": (
        "CREATE TRIGGER cosignatures_no_delete BEFORE DELETE ON cosignatures\n"
        "        BEGIN SELECT RAISE(ABORT, 'a co-signature cannot be removed'); END"
    ),
    "cosignatures_no_update": (
        "CREATE TRIGGER cosignatures_no_update BEFORE UPDATE ON cosignatures\n"
        "        BEGIN SELECT RAISE(ABORT, 'a co-signature cannot be changed'); END"
    ),
    "cosignatures_only_signed": (
        "CREATE TRIGGER cosignatures_only_signed BEFORE INSERT ON cosignatures\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) IS NOT 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'only a signed note can be co-signed'); END"
    ),
    "seals_no_delete": (
        "CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals\n"
        "        BEGIN SELECT RAISE(ABORT, 'a seal cannot be removed'); END"
    ),
    "seals_no_update": (
        "CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals\n"
        "        BEGIN SELECT RAISE(ABORT, 'a seal cannot be changed'); END"
    ),
    "sessions_fts_ad": (
        "CREATE TRIGGER sessions_fts_ad AFTER DELETE ON sessions BEGIN\n"
        "            INSERT INTO sessions_fts(sessions_fts, rowid, intervention, response, plan, note)\n"
        "            VALUES ('delete', old.rowid, old.intervention, old.response, old.plan, old.note);\n"
        "        END"
    ),
    "sessions_fts_ai": (
        "CREATE TRIGGER sessions_fts_ai AFTER INSERT ON sessions BEGIN\n"
        "            INSERT INTO sessions_fts(rowid, intervention, response, plan, note)\n"
        "            VALUES (new.rowid, new.intervention, new.response, new.plan, new.note);\n"
        "        END"
    ),
    "sessions_fts_au": (
        "CREATE TRIGGER sessions_fts_au AFTER UPDATE OF intervention, response, plan, note\n"
        "        ON sessions BEGIN\n"
        "            INSERT INTO sessions_fts(sessions_fts, rowid, intervention, response, plan, note)\n"
        "            VALUES ('delete', old.rowid, old.intervention, old.response, old.plan, old.note);\n"
        "            INSERT INTO sessions_fts(rowid, intervention, response, plan, note)\n"
        "            VALUES (new.rowid, new.intervention, new.response, new.plan, new.note);\n"
        "        END"
    ),
    "signatures_no_delete": (
        "CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures\n"
        "        BEGIN SELECT RAISE(ABORT, 'a signature cannot be removed'); END"
    ),
    "signatures_no_update": (
        "CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures\n"
        "        BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed'); END"
    ),
    "signed_objectives_locked_del": (
        "CREATE TRIGGER signed_objectives_locked_del BEFORE DELETE ON session_objectives\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = OLD.session_id) = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "signed_objectives_locked_ins": (
        "CREATE TRIGGER signed_objectives_locked_ins BEFORE INSERT ON session_objectives\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "signed_segments_locked_del": (
        "CREATE TRIGGER signed_segments_locked_del BEFORE DELETE ON segments\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = OLD.session_id) = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "signed_segments_locked_ins": (
        "CREATE TRIGGER signed_segments_locked_ins BEFORE INSERT ON segments\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "signed_segments_locked_upd": (
        "CREATE TRIGGER signed_segments_locked_upd BEFORE UPDATE ON segments\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = OLD.session_id) = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "signed_session_locked": (
        "CREATE TRIGGER signed_session_locked BEFORE UPDATE ON sessions\n"
        "        WHEN OLD.signed = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "signed_session_no_delete": (
        "CREATE TRIGGER signed_session_no_delete BEFORE DELETE ON sessions\n"
        "        WHEN OLD.signed = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END"
    ),
    "voided_is_final_del": (
        "CREATE TRIGGER voided_is_final_del BEFORE DELETE ON voided_sessions\n"
        "        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END"
    ),
    "voided_is_final_upd": (
        "CREATE TRIGGER voided_is_final_upd BEFORE UPDATE ON voided_sessions\n"
        "        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END"
    ),
    "voided_only_unsigned": (
        "CREATE TRIGGER voided_only_unsigned BEFORE INSERT ON voided_sessions\n"
        "        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) = 1\n"
        "        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be voided; write an addendum'); END"
    ),
    "voided_session_kept": (
        "CREATE TRIGGER voided_session_kept BEFORE DELETE ON sessions\n"
        "        WHEN OLD.id IN (SELECT session_id FROM voided_sessions)\n"
        "        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END"
    ),
    "voided_session_locked": (
        "CREATE TRIGGER voided_session_locked BEFORE UPDATE ON sessions\n"
        "        WHEN OLD.id IN (SELECT session_id FROM voided_sessions)\n"
        "        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END"
    ),
}

if __name__ == "__main__":
    from pathlib import Path

    from sessionlog.store.integrity import schema_triggers_source

    Path(__file__).write_text(schema_triggers_source())
