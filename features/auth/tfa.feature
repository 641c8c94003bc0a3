Feature: Two-factor authentication
  A user with a TOTP secret logs in with email, password and a one-time
  password (6 digits, 30-second steps, SHA-1).

  @AUTH-LOGIN-OTP
  Scenario: A user with two-factor authentication logs in with the current code
    When admin sends POST /users
      """
      {"email": "otp-{{unique}}@example.com", "password": "pw-{{unique}}", "tfa_secret": "JBSWY3DPEHPK3PXP"}
      """
    Given "code" is the one-time password for "JBSWY3DPEHPK3PXP"
    When anonymous sends POST /auth/login
      """
      {"email": "otp-{{unique}}@example.com", "password": "pw-{{unique}}", "otp": "{{code}}"}
      """
    Then the response matches:
      """
      {"data": {"expires": 900000, "access_token": "<jwt>", "refresh_token": "<string>"}}
      """

  @AUTH-LOGIN-OTP
  Scenario: A wrong one-time password is INVALID_OTP; a wrong password is INVALID_CREDENTIALS first
    When admin sends POST /users
      """
      {"email": "otp-{{unique}}@example.com", "password": "pw-{{unique}}", "tfa_secret": "JBSWY3DPEHPK3PXP"}
      """
    And anonymous sends POST /auth/login
      """
      {"email": "otp-{{unique}}@example.com", "password": "pw-{{unique}}", "otp": "000000"}
      """
    Then the response is an error INVALID_OTP
    When anonymous sends POST /auth/login
      """
      {"email": "otp-{{unique}}@example.com", "password": "wrong", "otp": "000000"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-TFA-SECRET-WRITE
  Scenario: The TOTP secret cannot be changed with PATCH, and reads back concealed
    When admin sends POST /users
      """
      {"email": "otp-{{unique}}@example.com", "tfa_secret": "JBSWY3DPEHPK3PXP"}
      """
    And I remember "data.id" as "user"
    Then "data.tfa_secret" is "**********"
    When admin sends PATCH /users/{{user}}
      """
      {"tfa_secret": "KRSXG5CTMVRXEZLU"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. You can't change the \"tfa_secret\" value manually.",
                   "extensions": {"reason": "You can't change the \"tfa_secret\" value manually", "code": "INVALID_PAYLOAD"}}]}
      """

  @AUTH-TFA-ENDPOINTS
  Scenario: Generating a TOTP secret needs the user's password
    When anonymous sends POST /users/me/tfa/generate
      """
      {"password": "x"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When editor sends POST /users/me/tfa/generate
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""password" is required"
    When editor sends POST /users/me/tfa/generate
      """
      {"password": "wrong"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When editor sends POST /users/me/tfa/generate
      """
      {"password": "{{editor.password}}"}
      """
    Then the response matches:
      """
      {"data": {"secret": "<string>", "otpauth_url": "<string>"}}
      """

  @AUTH-TFA-ENDPOINTS @AUTH-LOGIN-OTP
  Scenario: Enabling two-factor authentication with a code from the new secret, then logging in with codes
    When admin sends POST /policies
      """
      {"name": "Conformance tfa {{unique}}", "permissions": [
        {"collection": "directus_users", "action": "update", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "tfa-{{unique}}@example.com", "password": "pw-{{unique}}", "token": "tfa-{{unique}}",
       "policies": [{"policy": "{{policy}}"}]}
      """
    And I remember "data.id" as "user"
    Given I set "token:tfa" to "tfa-{{unique}}"
    When tfa sends POST /users/me/tfa/generate
      """
      {"password": "pw-{{unique}}"}
      """
    And I remember "data.secret" as "secret"
    And tfa sends POST /users/me/tfa/enable
      """
      {"secret": "{{secret}}", "otp": "000000"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""otp" is invalid"
    Given "code" is the one-time password for "{{secret}}"
    When tfa sends POST /users/me/tfa/enable
      """
      {"secret": "{{secret}}", "otp": "{{code}}"}
      """
    Then the status is 204
    When anonymous sends POST /auth/login
      """
      {"email": "tfa-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    Then the response is an error INVALID_OTP
    When tfa sends POST /users/me/tfa/generate
      """
      {"password": "pw-{{unique}}"}
      """
    Then the error reason is "TFA Secret is already set for this user"
    When admin sends POST /users/{{user}}/tfa/disable
    Then the status is 204
    When anonymous sends POST /auth/login
      """
      {"email": "tfa-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    Then the status is 200

  @AUTH-TFA-ENDPOINTS
  Scenario: Enabling needs update permission on users; disabling needs TFA and a valid code
    When editor sends POST /users/me/tfa/disable
      """
      {"otp": "000000"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "User "{{editor.id}}" doesn't have TFA enabled"
    Given "code" is the one-time password for "JBSWY3DPEHPK3PXP"
    When editor sends POST /users/me/tfa/enable
      """
      {"secret": "JBSWY3DPEHPK3PXP", "otp": "{{code}}"}
      """
    Then the response is an error FORBIDDEN
    When editor sends POST /users/{{app.id}}/tfa/disable
    Then the response is an error FORBIDDEN
