Feature: directus_settings as Directus 12.4 has it
  The project's settings are one row whose columns are those of a 12.4
  install: what GET /settings answers, what /fields/directus_settings lists,
  the defaults a fresh project starts with, and the keys that never read in clear.

  @SYS-SETTINGS-FIELDS
  Scenario: GET /settings answers every column of 12.4, in its order
    When admin sends GET /settings
    Then the status is 200
    And the keys of "data" are ["id", "project_name", "project_url", "project_color", "project_logo", "public_foreground", "public_background", "public_note", "auth_login_attempts", "auth_password_policy", "storage_asset_transform", "storage_asset_presets", "custom_css", "storage_default_folder", "basemaps", "mapbox_key", "module_bar", "project_descriptor", "default_language", "custom_aspect_ratios", "public_favicon", "default_appearance", "default_theme_light", "theme_light_overrides", "default_theme_dark", "theme_dark_overrides", "report_error_url", "report_bug_url", "report_feature_url", "public_registration", "public_registration_verify_email", "public_registration_role", "public_registration_email_filter", "visual_editor_urls", "project_id", "mcp_enabled", "mcp_allow_deletes", "mcp_prompts_collection", "mcp_system_prompt_enabled", "mcp_system_prompt", "project_owner", "project_usage", "org_name", "product_updates", "project_status", "ai_openai_api_key", "ai_anthropic_api_key", "ai_system_prompt", "ai_google_api_key", "ai_openai_compatible_api_key", "ai_openai_compatible_base_url", "ai_openai_compatible_name", "ai_openai_compatible_models", "ai_openai_compatible_headers", "ai_openai_allowed_models", "ai_anthropic_allowed_models", "ai_google_allowed_models", "collaborative_editing_enabled", "ai_translation_default_model", "ai_translation_glossary", "ai_translation_style_guide", "license_key", "license_token", "mcp_oauth_enabled", "mcp_oauth_dcr_enabled", "mcp_oauth_cimd_enabled", "default_save_action"]
    And "data.id" is 1
    And "data.project_id" matches the pattern "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

  @SYS-SETTINGS-FIELDS
  Scenario: A fresh project's settings hold 12.4's defaults
    When admin sends GET /settings?fields=mcp_enabled,mcp_allow_deletes,mcp_system_prompt_enabled,mcp_oauth_enabled,mcp_oauth_dcr_enabled,mcp_oauth_cimd_enabled,collaborative_editing_enabled,default_save_action,ai_openai_allowed_models,ai_anthropic_allowed_models,ai_google_allowed_models,basemaps,module_bar,license_key,storage_asset_transform,auth_login_attempts
    Then the response is exactly:
      """
      {"data": {"mcp_enabled": false, "mcp_allow_deletes": false, "mcp_system_prompt_enabled": true,
                "mcp_oauth_enabled": false, "mcp_oauth_dcr_enabled": false, "mcp_oauth_cimd_enabled": false,
                "collaborative_editing_enabled": false, "default_save_action": "save-and-quit",
                "ai_openai_allowed_models": ["gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4"],
                "ai_anthropic_allowed_models": ["claude-haiku-4-5", "claude-sonnet-4-6"],
                "ai_google_allowed_models": ["gemini-3-pro-preview", "gemini-3-flash-preview", "gemini-2.5-pro", "gemini-2.5-flash"],
                "basemaps": null, "module_bar": null, "license_key": null,
                "storage_asset_transform": "all", "auth_login_attempts": 25}}
      """

  @SYS-SETTINGS-FIELDS
  Scenario: The settings' fields carry 12.4's types, specials and defaults
    When admin sends GET /fields/directus_settings/ai_anthropic_api_key
    Then the response matches:
      """
      {"data": {"collection": "directus_settings", "field": "ai_anthropic_api_key", "type": "text",
                "schema": {"default_value": null, "is_nullable": true}, "meta": {"special": ["encrypt"]}}}
      """
    When admin sends GET /fields/directus_settings/default_save_action
    Then the response matches:
      """
      {"data": {"type": "string", "schema": {"default_value": "save-and-quit", "is_nullable": false}}}
      """
    When admin sends GET /fields/directus_settings/mcp_system_prompt_enabled
    Then the response matches:
      """
      {"data": {"type": "boolean", "schema": {"default_value": true, "is_nullable": false},
                "meta": {"special": ["cast-boolean"]}}}
      """
    When admin sends GET /fields/directus_settings/ai_google_allowed_models
    Then the response matches:
      """
      {"data": {"type": "json", "schema": {"default_value": null}, "meta": {"special": ["cast-json"]}}}
      """

  @SYS-SETTINGS-FIELDS
  Scenario: An encrypted key reads concealed once set, and null once cleared
    Given admin sends PATCH /settings
      """
      {"ai_anthropic_api_key": "sk-conformance-{{unique}}"}
      """
    When admin sends GET /settings?fields=ai_anthropic_api_key
    Then the response is exactly:
      """
      {"data": {"ai_anthropic_api_key": "**********"}}
      """
    When admin sends PATCH /settings?fields=ai_anthropic_api_key
      """
      {"ai_anthropic_api_key": null}
      """
    Then the response is exactly:
      """
      {"data": {"ai_anthropic_api_key": null}}
      """

  @SYS-SETTINGS-FIELDS
  Scenario: The public and an app user read the settings as 12.4 lets them
    When anonymous sends GET /settings
    Then the response is an error FORBIDDEN
    When app sends GET /settings?fields=project_id,mcp_enabled,default_save_action
    Then the response is an error FORBIDDEN
    And "errors.0.message" is "You don't have permission to access fields \"project_id\", \"mcp_enabled\" in collection \"directus_settings\" or they do not exist. Queried in root."
    When app sends GET /settings
    Then the status is 200
    And the keys of "data" are ["id", "project_url", "project_logo", "module_bar", "storage_asset_transform", "storage_asset_presets", "custom_aspect_ratios", "basemaps", "mapbox_key", "visual_editor_urls", "collaborative_editing_enabled", "report_error_url", "ai_openai_compatible_models", "ai_openai_allowed_models", "ai_anthropic_allowed_models", "ai_google_allowed_models", "mcp_prompts_collection", "default_save_action", "ai_translation_default_model", "ai_translation_glossary", "ai_translation_style_guide"]
