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
