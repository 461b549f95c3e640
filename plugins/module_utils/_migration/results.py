# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The return values of the migration modules, mapped from the Atlas answers (camel case) to snake case."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def job_result(job):
    """The fields the modules return for one job (LiveMigrationResponse)."""
    job = job or {}
    return dict(id=job.get('_id'), status=job.get('status'), lag_time_seconds=job.get('lagTimeSeconds'),
                ready_for_cutover=job.get('readyForCutover'), migration_hosts=job.get('migrationHosts') or [])


def project_result(project):
    """One LiveImportAvailableProject."""
    fields = (('clusterId', 'cluster_id'), ('name', 'name'), ('mongoDBVersion', 'mongodb_version'),
              ('featureCompatibilityVersion', 'feature_compatibility_version'), ('sharded', 'sharded'),
              ('shardsSize', 'shards_size'), ('managed', 'managed'), ('tlsEnabled', 'tls_enabled'),
              ('agentVersion', 'agent_version'), ('dbSizeBytes', 'db_size_bytes'), ('oplogSizeMB', 'oplog_size_mb'))
    return dict(
        project_id=project.get('projectId'),
        name=project.get('name'),
        migration_hosts=list(project.get('migrationHosts') or []),
        deployments=[dict((snake, deployment.get(camel)) for camel, snake in fields)
                     for deployment in project.get('deployments') or [] if isinstance(deployment, dict)],
    )


def validation_result(project_id, validation, source_project_id):
    """The fields atlas_live_migration_validation returns for one validation (LiveImportValidation)."""
    return dict(project_id=project_id, validation_id=validation.get('_id'), status=validation.get('status'),
                error_message=validation.get('errorMessage'),
                source_project_id=validation.get('sourceGroupId') or source_project_id)
